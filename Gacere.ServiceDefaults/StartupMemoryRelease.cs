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

        var report = ReportAsync(configuration.GetValue("Memory:ReportInterval", TimeSpan.Zero), stoppingToken);
        await ReleaseAgainWhenTheJitIsQuietAsync(filePages, stoppingToken);
        await report;
    }

    /// <summary>
    /// The second release (file pages and the native heap, no collection): once the JIT has gone quiet. The first release
    /// comes before the tiered JIT has worked off its backlog: every start-up method called 30 times is recompiled at
    /// tier 1 in the background, thousands of them in the next tens of seconds (one membership measured 6,769 methods
    /// compiled at the release, 14,048 a minute later), and each recompilation reads that method's IL and metadata
    /// back from the assembly's file pages and pages libclrjit in again. What an idle host runs afterwards is far less.
    /// Quiet is fewer than <c>Memory:JitQuietMethods</c> (20) methods compiled in <c>Memory:JitQuietWindow</c> (5 s);
    /// <c>Memory:ReleaseAgainWithin</c> (2 min; <c>0</c> turns the second release off) is the latest it runs anyway.
    /// </summary>
    private async Task ReleaseAgainWhenTheJitIsQuietAsync(FilePageRelease filePages, CancellationToken stoppingToken)
    {
        var within = configuration.GetValue("Memory:ReleaseAgainWithin", TimeSpan.FromMinutes(2));
        var window = configuration.GetValue("Memory:JitQuietWindow", TimeSpan.FromSeconds(5));
        var quietMethods = configuration.GetValue("Memory:JitQuietMethods", 20);
        if (filePages == FilePageRelease.Off || within <= TimeSpan.Zero || window <= TimeSpan.Zero)
        {
            return;
        }
        var started = TimeProvider.System.GetTimestamp();
        var earlier = filePages == FilePageRelease.Unmap ? ResidentPages.ReadMappings() : [];
        var compiled = JitInfo.GetCompiledMethodCount();
        bool quiet;
        try
        {
            while (true)
            {
                await Task.Delay(window, stoppingToken);
                var now = JitInfo.GetCompiledMethodCount();
                quiet = now - compiled < quietMethods;
                if (quiet || TimeProvider.System.GetElapsedTime(started) >= within)
                {
                    break;
                }
                compiled = now;
                earlier = filePages == FilePageRelease.Unmap ? ResidentPages.ReadMappings() : [];
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var released = ResidentPages.ReleaseFilePages(filePages, earlier);
        LogReleasedAgain(TimeProvider.System.GetElapsedTime(started).TotalSeconds, quiet, JitInfo.GetCompiledMethodCount(),
            released.Mappings, released.Before, released.After);
        if (released.Error is { } error)
        {
            LogReleaseFailed(error);
        }
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
        Message = "Memory released again {Seconds:F0} s after the start-up release (JIT quiet: {Quiet}; {MethodsJitted} methods " +
            "JIT-compiled so far): file pages ({Mappings} mappings): resident {ResidentBefore} -> {ResidentAfter}")]
    private partial void LogReleasedAgain(double seconds, bool quiet, long methodsJitted, int mappings,
        ResidentPages.Resident residentBefore, ResidentPages.Resident residentAfter);

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
