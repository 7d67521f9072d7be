using Gacere.PolicyMapping.Domain;
using Microsoft.EntityFrameworkCore;
using Gacere.ServiceDefaults;

namespace Gacere.PolicyMapping.Data;

/// <summary>The indicators DOMAIN.md asks to seed; inserts only what is missing.</summary>
internal sealed class IndicatorSeeder : IDatabaseSeeder<PolicyMappingDbContext>
{
    private static readonly Indicator[] Seed =
    [
        new() { Code = "material-footprint", Name = "Material footprint", SdgIndicators = "8.4.1/12.2.1", Custodian = "UNEP" },
        new() { Code = "domestic-material-consumption", Name = "Domestic material consumption", SdgIndicators = "8.4.2/12.2.2", Custodian = "UNEP" },
        new() { Code = "national-recycling-rate", Name = "National recycling rate", SdgIndicators = "12.5.1", Custodian = "UNEP/UNSD" },
        new() { Code = "circular-material-use-rate", Name = "Circular material use rate", SdgIndicators = null, Custodian = "Eurostat" },
        new() { Code = "resource-productivity", Name = "Resource productivity (GDP/DMC)", SdgIndicators = null, Custodian = "Eurostat" },
    ];

    public async Task SeedAsync(PolicyMappingDbContext db, CancellationToken cancellationToken)
    {
        var existing = await db.Indicators.Select(i => i.Code).ToListAsync(cancellationToken);
        db.Indicators.AddRange(Seed.Where(i => !existing.Contains(i.Code)));
        await db.SaveChangesAsync(cancellationToken);
    }
}
