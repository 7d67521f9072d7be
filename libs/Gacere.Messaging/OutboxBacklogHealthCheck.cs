using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gacere.Messaging;

/// <summary>
/// Degraded while the oldest unpublished outbox row is older than <see cref="OutboxOptions.BacklogDegradedAge"/>.
/// Reads the relay's own backlog measurement (no query of its own); the age is counted up to now, so a
/// relay that stopped measuring (database away) still ages its last backlog.
/// </summary>
internal sealed class OutboxBacklogHealthCheck(MessagingTelemetry telemetry, IOptions<MessagingOptions> options, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var threshold = options.Value.Outbox.BacklogDegradedAge;
        var result = telemetry.LastBacklog switch
        {
            null => HealthCheckResult.Healthy("not measured yet"),
            { OldestCreatedAt: null } => HealthCheckResult.Healthy("no pending events"),
            { OldestCreatedAt: { } oldest, Pending: var pending } when clock.GetUtcNow() - oldest is var age && age > threshold =>
                HealthCheckResult.Degraded($"{pending} events pending, the oldest for {age.TotalSeconds:F0} s (threshold {threshold.TotalSeconds:F0} s)"),
            { Pending: var pending } => HealthCheckResult.Healthy($"{pending} events pending"),
        };
        return Task.FromResult(result);
    }
}
