using Gacere.ServiceDefaults;

namespace Gacere.Events.Domain;

/// <summary>A change the Events rules do not allow; answered once as problem details by ServiceDefaults.</summary>
public sealed class EventsRefusal(RefusalKind kind, string title, string message, string? field = null)
    : DomainRefusal(kind, title, message, field)
{
    public static EventsRefusal Invalid(string field, string message) =>
        new(RefusalKind.InvalidInput, "One or more validation errors occurred.", message, field);

    public static EventsRefusal Conflict(string title, string message) => new(RefusalKind.Conflict, title, message);

    public static EventsRefusal Forbidden(string message) =>
        new(RefusalKind.Forbidden, "Not yours to see or change.", message);
}
