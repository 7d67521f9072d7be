namespace Gacere.Messaging;

/// <summary>An integration event waiting in the service's own database to be published.</summary>
public sealed class OutboxMessage
{
    /// <summary>Also the message's <c>MessageId</c> on the bus, so consumers can deduplicate a republished row.</summary>
    public Guid Id { get; init; }
    public required string MessageType { get; init; }
    public required string Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>W3C trace context of the business change, so the consumer's span joins its trace.</summary>
    public string? TraceParent { get; init; }
    public string? TraceState { get; init; }
}

/// <summary>A message a consumer has applied; its key makes a redelivery a no-op.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }
    public required string Consumer { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}
