using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gacere.Messaging;

/// <summary>The platform's messaging telemetry: one ActivitySource and one Meter for the relay.</summary>
internal sealed class MessagingTelemetry : IDisposable
{
    public const string Name = "Gacere.Messaging";
    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private long _pending;
    private double _oldestPendingAgeSeconds;
    private OutboxBacklog? _lastBacklog;

    public MessagingTelemetry(IMeterFactory meterFactory, string serviceName)
    {
        _meter = meterFactory.Create(Name);
        var tags = new KeyValuePair<string, object?>[] { new("service", serviceName) };
        _meter.CreateObservableGauge("gacere.outbox.pending", () => new Measurement<long>(Volatile.Read(ref _pending), tags),
            unit: "{message}", description: "Outbox rows not yet published.");
        _meter.CreateObservableGauge("gacere.outbox.oldest_pending_age", () => new Measurement<double>(Volatile.Read(ref _oldestPendingAgeSeconds), tags),
            unit: "s", description: "Age of the oldest outbox row not yet published.");
        Published = _meter.CreateCounter<long>("gacere.outbox.published", "{message}", "Outbox rows published and confirmed by the broker.");
        PublishFailures = _meter.CreateCounter<long>("gacere.outbox.publish_failures", "{message}", "Outbox publish attempts that failed and will be retried.");
    }

    public Counter<long> Published { get; }
    public Counter<long> PublishFailures { get; }

    public void RecordBacklog(long pending, TimeSpan oldestAge, DateTimeOffset? oldestCreatedAt, DateTimeOffset measuredAt)
    {
        Volatile.Write(ref _pending, pending);
        Volatile.Write(ref _oldestPendingAgeSeconds, oldestAge.TotalSeconds);
        Volatile.Write(ref _lastBacklog, new OutboxBacklog(pending, oldestCreatedAt, measuredAt));
    }

    /// <summary>The relay's last backlog measurement, or null before its first.</summary>
    public OutboxBacklog? LastBacklog => Volatile.Read(ref _lastBacklog);

    public void Dispose() => _meter.Dispose();
}

/// <param name="OldestCreatedAt">When the oldest pending row was written; null when none was pending.</param>
internal sealed record OutboxBacklog(long Pending, DateTimeOffset? OldestCreatedAt, DateTimeOffset MeasuredAt);
