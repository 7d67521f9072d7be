using Gacere.Partnerships.Domain;
using Gacere.DomainService;

namespace Gacere.Partnerships.Data;

/// <summary>The external initiatives DOMAIN.md names for the duplication check.</summary>
internal sealed class ExternalInitiativeSeeder() : KeyedSeeder<PartnershipsDbContext, ExternalInitiative, string>(i => i.Key)
{
    protected override IEnumerable<ExternalInitiative> Rows =>
    [
        new() { Key = "acea", Name = "African Circular Economy Alliance", M49Region = "002" },
        new() { Key = "lac-ce-coalition", Name = "Regional Coalition on Circular Economy of Latin America and the Caribbean", M49Region = "419" },
        new() { Key = "one-planet-network", Name = "One Planet network", M49Region = null },
        new() { Key = "pace", Name = "Platform for Accelerating the Circular Economy (PACE)", M49Region = null },
    ];
}
