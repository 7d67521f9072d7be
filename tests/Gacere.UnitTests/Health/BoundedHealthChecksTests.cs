using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Gacere.ServiceDefaults;

namespace Gacere.UnitTests.Health;

public sealed class BoundedHealthChecksTests
{
    [Fact]
    public async Task A_check_that_never_answers_fails_within_the_timeout_even_when_it_ignores_cancellation()
    {
        var (health, _) = Build(("hung", new Hung()));

        var watch = Stopwatch.StartNew();
        var report = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["hung"].Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        // The check never returns at all without the bound; 5 s (the bound is 300 ms) leaves room for a loaded CI machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Each_state_is_logged_once_when_it_changes_and_not_on_every_probe()
    {
        var flapping = new Scripted(HealthStatus.Healthy, HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Degraded, HealthStatus.Healthy, HealthStatus.Healthy);
        var (health, log) = Build(("broker", flapping));

        for (var probe = 0; probe < 6; probe++)
        {
            await health.CheckHealthAsync();
        }

        Assert.Equal(
            ["broker is Healthy (was unknown)", "broker is Unhealthy (was Healthy)", "broker is Degraded (was Unhealthy)", "broker is Healthy (was Degraded)"],
            log.Lines);
    }

    private static (HealthCheckService Health, CapturingLogger Log) Build(params (string Name, IHealthCheck Check)[] checks)
    {
        var log = new CapturingLogger();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(log));
        var builder = services.AddHealthChecks();
        foreach (var (name, check) in checks)
        {
            builder.AddCheck(name, check);
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Health:CheckTimeout"] = "00:00:00.300" }).Build();
        services.AddBoundedHealthChecks(configuration);
        return (services.BuildServiceProvider().GetRequiredService<HealthCheckService>(), log);
    }

    private sealed class Hung : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            new TaskCompletionSource<HealthCheckResult>().Task; // a driver waiting on a silent socket, deaf to the token
    }

    private sealed class Scripted(params HealthStatus[] states) : IHealthCheck
    {
        private int _next;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(new HealthCheckResult(states[_next++], "scripted"));
    }

    private sealed class CapturingLogger : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => categoryName.EndsWith("HealthStateLog", StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            // "Health check broker is Unhealthy (was Healthy): scripted" → "broker is Unhealthy (was Healthy)"
            var text = message["Health check ".Length..];
            _lines.Enqueue(text[..(text.IndexOf(')', StringComparison.Ordinal) + 1)]);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public void Dispose()
        {
        }
    }
}
