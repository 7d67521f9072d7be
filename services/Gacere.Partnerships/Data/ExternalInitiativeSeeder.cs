using Gacere.Partnerships.Domain;
using Microsoft.EntityFrameworkCore;
using Gacere.ServiceDefaults;

namespace Gacere.Partnerships.Data;

/// <summary>The external initiatives DOMAIN.md names for the duplication check; inserts only what is missing.</summary>
internal sealed class ExternalInitiativeSeeder : IDatabaseSeeder<PartnershipsDbContext>
{
    private static readonly ExternalInitiative[] Seed =
    [
        new() { Key = "acea", Name = "African Circular Economy Alliance", M49Region = "002" },
        new() { Key = "lac-ce-coalition", Name = "Regional Coalition on Circular Economy of Latin America and the Caribbean", M49Region = "419" },
        new() { Key = "one-planet-network", Name = "One Planet network", M49Region = null },
        new() { Key = "pace", Name = "Platform for Accelerating the Circular Economy (PACE)", M49Region = null },
    ];

    public async Task SeedAsync(PartnershipsDbContext db, CancellationToken cancellationToken)
    {
        var existing = await db.ExternalInitiatives.Select(i => i.Key).ToListAsync(cancellationToken);
        db.ExternalInitiatives.AddRange(Seed.Where(i => !existing.Contains(i.Key)));
        await db.SaveChangesAsync(cancellationToken);
    }
}
