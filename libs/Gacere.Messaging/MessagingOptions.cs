namespace Gacere.Messaging;

/// <summary>Settings under <c>Messaging</c>; the defaults suit a 2-core host.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Messages fetched from RabbitMQ ahead of processing, per receive endpoint.</summary>
    public int PrefetchCount { get; set; } = 32;

    /// <summary>Messages a receive endpoint handles at once.</summary>
    public int ConcurrentMessageLimit { get; set; } = 8;

    /// <summary>Immediate retries (exponential backoff) before a message goes to the endpoint's <c>_error</c> queue.</summary>
    public int RetryLimit { get; set; } = 4;
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(5);

    public OutboxOptions Outbox { get; set; } = new();
}

public sealed class OutboxOptions
{
    /// <summary>Rows claimed and published per relay pass.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Relay passes that run beside the lead pass: each claims (SKIP LOCKED), publishes and marks the next rows
    /// while another waits for the broker's confirms, so a commit does not wait for the previous batch to finish.
    /// One is enough to overlap the database round trips with the confirms; more add connections, not speed, on 2 cores.
    /// </summary>
    public int PipelinedPasses { get; set; } = 1;

    /// <summary>How often the relay looks for rows when no commit woke it (other replicas, missed signals).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one publish may wait for the broker's confirm before the row is retried later.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First retry delay of a row that failed to publish; doubles per attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sent rows are kept this long (for audit and replay), then purged.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Inbox rows must outlive any redelivery of their message.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Above this many pending rows, or this age of the oldest, the relay logs a warning.</summary>
    public int PendingWarningCount { get; set; } = 1000;
    public TimeSpan PendingWarningAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// When the oldest pending row is older than this, the service's health is Degraded: events are
    /// not reaching the other services (broker away, unroutable, or the relay stuck).
    /// </summary>
    public TimeSpan BacklogDegradedAge { get; set; } = TimeSpan.FromMinutes(1);
}
