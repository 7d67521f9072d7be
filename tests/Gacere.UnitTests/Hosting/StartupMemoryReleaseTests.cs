using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Gacere.ServiceDefaults;

namespace Gacere.UnitTests.Hosting;

/// <summary>The one full collection a host runs once start-up is over (issue 13, memory).</summary>
public sealed class StartupMemoryReleaseTests
{
    [Fact]
    public async Task Once_the_host_has_started_and_settled_one_full_collection_runs_and_is_logged()
    {
        var log = new CapturingLogger();
        using var host = Build("00:00:00.100", log);
        var gen2Before = GC.CollectionCount(GC.MaxGeneration);

        await host.StartAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (log.Lines.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await Task.Delay(300);
        await host.StopAsync();

        var line = Assert.Single(log.Lines);
        Assert.StartsWith("Start-up memory released: working set ", line, StringComparison.Ordinal);
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > gen2Before, "a full (gen2) collection should have run");
    }

    [Fact]
    public async Task A_zero_settle_time_turns_the_release_off()
    {
        var log = new CapturingLogger();
        using var host = Build("00:00:00", log);

        await host.StartAsync();
        await Task.Delay(500);
        await host.StopAsync();

        Assert.Empty(log.Lines);
    }

    [Fact]
    public async Task A_host_stopped_before_it_settles_stops_without_collecting()
    {
        var log = new CapturingLogger();
        using var host = Build("00:01:00", log);

        await host.StartAsync();
        var stopping = host.StopAsync();

        Assert.Same(stopping, await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.Empty(log.Lines);
    }

    private static IHost Build(string settle, CapturingLogger log)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Memory:ReleaseAfterStart"] = settle });
        builder.Logging.ClearProviders().AddProvider(log);
        builder.Services.AddStartupMemoryRelease();
        return builder.Build();
    }

    private sealed class CapturingLogger : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) =>
            categoryName.EndsWith(nameof(StartupMemoryRelease), StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public void Dispose()
        {
        }
    }
}
