using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gacere.ServiceDefaults;

/// <summary>
/// Every health check of the service, whoever registered it, answers within <c>Health:CheckTimeout</c>
/// (2 s): a server that accepts connections but never answers (paused, overloaded) counts as down instead
/// of holding <c>/health</c> open. Each check's state is logged when it changes, and the checks also run
/// every <c>Health:Interval</c> when nobody probes, so the log tells when a dependency went away.
/// </summary>
internal static class BoundedHealthChecks
{
    public static IServiceCollection AddBoundedHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var timeout = configuration.GetValue("Health:CheckTimeout", TimeSpan.FromSeconds(2));
        var interval = configuration.GetValue("Health:Interval", TimeSpan.FromSeconds(10));

        services.AddSingleton<HealthStateLog>();
        services.AddSingleton<IHealthCheckPublisher, HealthStateLog.Publisher>();
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.FromSeconds(2);
            options.Period = interval;
            options.Timeout = timeout + TimeSpan.FromSeconds(1);
        });
        // PostConfigure: runs after every library (database, Redis, MassTransit, messaging) added its checks.
        services.AddOptions<HealthCheckServiceOptions>().PostConfigure<IServiceProvider>((options, provider) =>
        {
            var log = provider.GetRequiredService<HealthStateLog>();
            foreach (var registration in options.Registrations)
            {
                var inner = registration.Factory;
                var name = registration.Name;
                var failureStatus = registration.FailureStatus;
                registration.Timeout = registration.Timeout > TimeSpan.Zero && registration.Timeout < timeout ? registration.Timeout : timeout;
                var bound = registration.Timeout;
                registration.Factory = services => new Bounded(name, inner(services), bound, failureStatus, log);
            }
        });
        return services;
    }

    private sealed class Bounded(string name, IHealthCheck inner, TimeSpan timeout, HealthStatus failureStatus, HealthStateLog log) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            HealthCheckResult result;
            try
            {
                // WaitAsync: a check that ignores its token (a driver waiting on a silent socket) is still cut off.
                result = await inner.CheckHealthAsync(context, cancellationToken).WaitAsync(timeout, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                // The token given here is the registration's timeout (or an aborted probe, which reads no answer).
                result = new HealthCheckResult(failureStatus, $"no answer within {timeout.TotalSeconds:0.#} s");
            }
            catch (Exception ex)
            {
                result = new HealthCheckResult(failureStatus, ex.Message, ex);
            }
            log.Observe(name, result);
            return result;
        }
    }
}

/// <summary>The last state of each health check, to log only its changes.</summary>
internal sealed partial class HealthStateLog(ILogger<HealthStateLog> logger)
{
    private readonly ConcurrentDictionary<string, HealthStatus> _last = new();

    public void Observe(string check, HealthCheckResult result)
    {
        var previous = _last.TryGetValue(check, out var known) ? known : (HealthStatus?)null;
        if (previous == result.Status || !_last.TryUpdateOrAdd(check, result.Status, previous))
        {
            return;
        }
        var description = result.Description ?? result.Exception?.Message ?? "";
        if (result.Status == HealthStatus.Healthy)
        {
            LogHealthy(check, previous?.ToString() ?? "unknown", description);
        }
        else
        {
            LogNotHealthy(result.Exception, check, result.Status, previous?.ToString() ?? "unknown", description);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Health check {Check} is Healthy (was {Previous}) {Description}")]
    private partial void LogHealthy(string check, string previous, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check {Check} is {Status} (was {Previous}): {Description}")]
    private partial void LogNotHealthy(Exception? error, string check, HealthStatus status, string previous, string description);

    /// <summary>Runs the checks on a period, so a change is logged even when nobody probes <c>/health</c>.</summary>
    internal sealed class Publisher : IHealthCheckPublisher
    {
        public Task PublishAsync(HealthReport report, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

internal static class ConcurrentDictionaryExtensions
{
    /// <summary>Adds when <paramref name="expected"/> is null, else replaces only that value: one log line per change under concurrent probes.</summary>
    public static bool TryUpdateOrAdd(this ConcurrentDictionary<string, HealthStatus> states, string key, HealthStatus value, HealthStatus? expected) =>
        expected is { } comparison ? states.TryUpdate(key, value, comparison) : states.TryAdd(key, value);
}
