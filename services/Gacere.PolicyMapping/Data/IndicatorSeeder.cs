using Gacere.PolicyMapping.Domain;
using Gacere.DomainService;

namespace Gacere.PolicyMapping.Data;

/// <summary>
/// The indicators DOMAIN.md asks to seed, with the SDG codes and custodians it states and nothing more: where it
/// names no custodian the field stays empty rather than guessed.
/// </summary>
internal sealed class IndicatorSeeder() : KeyedSeeder<PolicyMappingDbContext, Indicator, string>(i => i.Code)
{
    protected override IEnumerable<Indicator> Rows =>
    [
        new() { Code = "material-footprint", Name = "Material footprint", SdgCodes = ["8.4.1", "12.2.1"] },
        new() { Code = "domestic-material-consumption", Name = "Domestic material consumption", SdgCodes = ["8.4.2", "12.2.2"] },
        new() { Code = "national-recycling-rate", Name = "National recycling rate", SdgCodes = ["12.5.1"] },
        new() { Code = "circular-material-use-rate", Name = "Circular material use rate", Custodian = "Eurostat" },
        new() { Code = "resource-productivity", Name = "Resource productivity (GDP/DMC)" },
    ];
}
