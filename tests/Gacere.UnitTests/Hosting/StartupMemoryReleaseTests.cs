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
    public async Task The_release_line_counts_the_methods_compiled_and_no_report_follows_unless_asked()
    {
        var log = new CapturingLogger();
        using var host = Build("00:00:00.100", log);

        await host.StartAsync();
        await WaitForAsync(() => log.Lines.Count >= 1);
        await Task.Delay(500);
        await host.StopAsync();

        var line = Assert.Single(log.Lines);
        Assert.Matches(@"; [1-9][0-9]* methods JIT-compiled so far$", line);
    }

    [Fact]
    public async Task A_report_interval_logs_the_resident_set_and_the_compiled_methods_that_often_after_the_release()
    {
        var log = new CapturingLogger();
        using var host = Build("00:00:00.100", log, ("Memory:ReportInterval", "00:00:00.200"));

        await host.StartAsync();
        await WaitForAsync(() => log.Lines.Count >= 3);
        await host.StopAsync();

        var lines = log.Lines;
        Assert.StartsWith("Start-up memory released: ", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), report => Assert.Matches(
            @"^Memory [0-9]+ s after the release: resident [0-9]+ MB \(anon [0-9]+, file [0-9]+, shmem [0-9]+\); GC heap [0-9]+ MB \([0-9]+ MB committed\); [0-9]+ methods JIT-compiled",
            report));
        Assert.True(lines.Count >= 3, "two reports at 200 ms should follow the release");
        if (OperatingSystem.IsLinux())
        {
            Assert.DoesNotContain("resident 0 MB", lines[1], StringComparison.Ordinal);
        }
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

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    private static IHost Build(string settle, CapturingLogger log, params (string Key, string Value)[] more)
    {
        var builder = Host.CreateApplicationBuilder();
        var settings = new Dictionary<string, string?> { ["Memory:ReleaseAfterStart"] = settle };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(settings);
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
