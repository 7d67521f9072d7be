using System.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gacere.ServiceDefaults;

/// <summary>
/// Gives back what start-up built and no request will use again. Start-up is the heaviest moment of a
/// host's life: migrations build EF's design model and diff it, MassTransit builds its topology, the
/// seeders read reference data. The GC keeps the heap that grew for it (and its gen0 budget) until load
/// asks it to collect, which at idle is never, so an idle host held that memory for good. Once the host
/// has settled (<c>Memory:ReleaseAfterStart</c>, 5 s after it started listening; <c>0</c> turns this off),
/// one aggressive, compacting, blocking collection runs and returns the freed regions to the system.
/// It costs one pause of a few tens of milliseconds, once, before the host is likely to be busy.
/// </summary>
internal sealed partial class StartupMemoryRelease(
    IHostApplicationLifetime lifetime, IConfiguration configuration, ILogger<StartupMemoryRelease> logger) : BackgroundService
{
    public static readonly TimeSpan DefaultSettleTime = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settle = configuration.GetValue("Memory:ReleaseAfterStart", DefaultSettleTime);
        if (settle <= TimeSpan.Zero || !await StartedAsync(stoppingToken))
        {
            return;
        }
        await Task.Delay(settle, stoppingToken);

        var before = Environment.WorkingSet;
        var started = TimeProvider.System.GetTimestamp();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        LogReleased(before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024),
            TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Start-up memory released: working set {BeforeMb} MB -> {AfterMb} MB ({ElapsedMs:F0} ms pause)")]
    private partial void LogReleased(long beforeMb, long afterMb, double elapsedMs);
}

internal static class StartupMemoryReleaseExtensions
{
    public static IServiceCollection AddStartupMemoryRelease(this IServiceCollection services) =>
        services.AddHostedService<StartupMemoryRelease>();
}
