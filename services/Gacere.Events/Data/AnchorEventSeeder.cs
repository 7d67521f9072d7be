using Gacere.Events.Domain;
using Gacere.DomainService;

namespace Gacere.Events.Data;

/// <summary>The anchor events of DOMAIN.md ("Events").</summary>
internal sealed class AnchorEventSeeder() : KeyedSeeder<EventsDbContext, AnchorEvent, string>(a => a.Edition)
{
    protected override IEnumerable<AnchorEvent> Rows =>
    [
        new() { Edition = "UNEA-5.1", Series = "UNEA", StartsOn = new(2021, 2, 22), EndsOn = new(2021, 2, 23), Place = "online", Online = true },
        new() { Edition = "WCEF2021", Series = "WCEF", StartsOn = new(2021, 9, 13), EndsOn = new(2021, 9, 15), Place = "online (Canada, Sitra)", Online = true },
        new() { Edition = "UNEA-5.2", Series = "UNEA", StartsOn = new(2022, 2, 28), EndsOn = new(2022, 3, 2), Place = "Nairobi" },
        new() { Edition = "WCEF2022", Series = "WCEF", StartsOn = new(2022, 12, 6), EndsOn = new(2022, 12, 8), Place = "Kigali" },
        new() { Edition = "WCEF2023", Series = "WCEF", StartsOn = new(2023, 5, 30), EndsOn = new(2023, 6, 2), Place = "Helsinki" },
        new() { Edition = "UNEA-6", Series = "UNEA", StartsOn = new(2024, 2, 26), EndsOn = new(2024, 3, 1), Place = "Nairobi" },
        new() { Edition = "WCEF2024", Series = "WCEF", StartsOn = new(2024, 4, 15), EndsOn = new(2024, 4, 18), Place = "Brussels" },
        new() { Edition = "WCEF2025", Series = "WCEF", StartsOn = new(2025, 5, 13), EndsOn = new(2025, 5, 16), Place = "São Paulo" },
        new() { Edition = "UNEA-7", Series = "UNEA", StartsOn = new(2025, 12, 8), EndsOn = new(2025, 12, 12), Place = "Nairobi" },
    ];
}
