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
        LogReleased(before / (1024 * 1024), collected / (1024 * 1024), paused, filePages, released.Mappings, released.Before, released.After,
            JitInfo.GetCompiledMethodCount());
        if (released.Error is { } error)
        {
            LogReleaseFailed(error);
        }

        await ReportAsync(configuration.GetValue("Memory:ReportInterval", TimeSpan.Zero), stoppingToken);
    }

    /// <summary>
    /// <c>Memory:ReportInterval</c> (off unless set, e.g. <c>00:00:15</c>): what an idle host's resident set is made of,
    /// logged that often from then on, with what keeps it growing: the methods compiled since (tier-1 recompilation of
    /// what idle work calls, dynamic methods) and the GC heap. For A/B measurements (README, Memory); off in normal runs.
    /// </summary>
    private async Task ReportAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(interval);
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var gc = GC.GetGCMemoryInfo();
                LogReport(TimeProvider.System.GetElapsedTime(started).TotalSeconds, ResidentPages.Read(),
                    GC.GetTotalMemory(forceFullCollection: false) / (1024 * 1024), gc.TotalCommittedBytes / (1024 * 1024),
                    JitInfo.GetCompiledMethodCount(), JitInfo.GetCompiledILBytes() / 1024, GC.CollectionCount(0));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
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
            "file pages ({FilePages}, {Mappings} mappings): resident {ResidentBefore} -> {ResidentAfter}; {MethodsJitted} methods JIT-compiled so far")]
    private partial void LogReleased(long beforeMb, long afterMb, double elapsedMs, FilePageRelease filePages, int mappings,
        ResidentPages.Resident residentBefore, ResidentPages.Resident residentAfter, long methodsJitted);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Memory {Seconds:F0} s after the release: resident {Resident}; GC heap {HeapMb} MB ({CommittedMb} MB committed); " +
            "{MethodsJitted} methods JIT-compiled ({IlKb} kB of IL); {Gen0Collections} gen0 collections")]
    private partial void LogReport(double seconds, ResidentPages.Resident resident, long heapMb, long committedMb, long methodsJitted,
        long ilKb, int gen0Collections);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up memory release: {Error} (the rest was released)")]
    private partial void LogReleaseFailed(string error);
}

internal static class StartupMemoryReleaseExtensions
{
    public static IServiceCollection AddStartupMemoryRelease(this IServiceCollection services) =>
        services.AddHostedService<StartupMemoryRelease>();
}
