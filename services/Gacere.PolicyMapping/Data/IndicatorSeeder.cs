using Gacere.PolicyMapping.Domain;
using Gacere.DomainService;

namespace Gacere.PolicyMapping.Data;

/// <summary>The indicators DOMAIN.md asks to seed.</summary>
internal sealed class IndicatorSeeder() : KeyedSeeder<PolicyMappingDbContext, Indicator, string>(i => i.Code)
{
    protected override IEnumerable<Indicator> Rows =>
    [
        new() { Code = "material-footprint", Name = "Material footprint", SdgIndicators = "8.4.1/12.2.1", Custodian = "UNEP" },
        new() { Code = "domestic-material-consumption", Name = "Domestic material consumption", SdgIndicators = "8.4.2/12.2.2", Custodian = "UNEP" },
        new() { Code = "national-recycling-rate", Name = "National recycling rate", SdgIndicators = "12.5.1", Custodian = "UNEP/UNSD" },
        new() { Code = "circular-material-use-rate", Name = "Circular material use rate", SdgIndicators = null, Custodian = "Eurostat" },
        new() { Code = "resource-productivity", Name = "Resource productivity (GDP/DMC)", SdgIndicators = null, Custodian = "Eurostat" },
    ];
}
