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
/// Then the pages start-up touched once go back (<see cref="ResidentPages"/>): glibc's free native heap and, as
/// <c>Memory:ReleaseFilePages</c> says (<c>unmap</c>, the default; <c>pageout</c>; <c>off</c>; see <see cref="FilePageRelease"/>),
/// the clean pages of the mapped assemblies and native libraries, which fault back from the page cache when touched.
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
        var filePages = configuration.GetValue("Memory:ReleaseFilePages", FilePageRelease.Unmap);
        // The first of the two reads of the mappings: only a mapping unchanged since then is dropped (see FilePageRelease.Unmap).
        var earlier = filePages == FilePageRelease.Unmap ? ResidentPages.ReadMappings() : [];
        await Task.Delay(settle, stoppingToken);

        var before = Environment.WorkingSet;
        var started = TimeProvider.System.GetTimestamp();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var paused = TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
        var collected = Environment.WorkingSet;

        var released = ResidentPages.ReleaseFilePages(filePages, earlier);
        LogReleased(before / (1024 * 1024), collected / (1024 * 1024), paused, filePages, released.Mappings, released.Before, released.After);
        if (released.Error is { } error)
        {
            LogReleaseFailed(error);
        }
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
        Message = "Start-up memory released: working set {BeforeMb} MB -> {AfterMb} MB ({ElapsedMs:F0} ms pause); " +
            "file pages ({FilePages}, {Mappings} mappings): resident {ResidentBefore} -> {ResidentAfter}")]
    private partial void LogReleased(long beforeMb, long afterMb, double elapsedMs, FilePageRelease filePages, int mappings,
        ResidentPages.Resident residentBefore, ResidentPages.Resident residentAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up memory release: {Error} (the rest was released)")]
    private partial void LogReleaseFailed(string error);
}

internal static class StartupMemoryReleaseExtensions
{
    public static IServiceCollection AddStartupMemoryRelease(this IServiceCollection services) =>
        services.AddHostedService<StartupMemoryRelease>();
}
