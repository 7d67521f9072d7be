using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Gacere.Messaging;

public static class Outbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Queues an integration event in the same unit of work as the business change: it is published if and
    /// only if the next <c>SaveChanges</c> (or the surrounding transaction) commits.
    /// </summary>
    public static OutboxMessage AddIntegrationEvent<TEvent>(this DbContext db, TEvent integrationEvent) where TEvent : class
    {
        var now = DateTimeOffset.UtcNow;
        var activity = Activity.Current;
        var row = new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            MessageType = MessageTypes.NameOf(typeof(TEvent)),
            Body = JsonSerializer.Serialize(integrationEvent, Json),
            CreatedAt = now,
            NextAttemptAt = now,
            TraceParent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
            TraceState = activity?.TraceStateString,
        };
        db.Set<OutboxMessage>().Add(row);
        return row;
    }
}

/// <summary>
/// Maps the stored type name of an outbox row back to its contract type. The name carries the assembly
/// ("Namespace.Type, Assembly") so a relay that starts with rows from a previous run loads the contracts
/// assembly itself instead of depending on it having been loaded already.
/// </summary>
internal static class MessageTypes
{
    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type Resolve(string name) =>
        Resolved.GetOrAdd(name, static n => Type.GetType(n, throwOnError: false)
            ?? AppDomain.CurrentDomain.GetAssemblies()
                .Select(assembly => assembly.GetType(n.Split(',')[0].Trim(), throwOnError: false))
                .FirstOrDefault(type => type is not null)
            ?? throw new InvalidOperationException($"Outbox message type '{n}' cannot be loaded in this service."));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Type> Resolved = new();
}
