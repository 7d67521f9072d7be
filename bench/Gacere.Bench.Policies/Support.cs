extern alias policymapping;

using System.Diagnostics;
using System.Globalization;
using Npgsql;
using policymapping::Gacere.PolicyMapping.Apis;
using policymapping::Gacere.PolicyMapping.Search;

namespace Gacere.Bench.Policies;

internal sealed record Filter(string Name, string QueryString, PolicyQuery Query)
{
    public PolicyFilter? Parsed { get; set; }
}

internal sealed record Sample(string Filter, double Milliseconds);

internal sealed record LatencyRun(string Path, int Run, Sample[] Samples);

internal sealed record ExportRun(string Path, int Run, long Rows, long Bytes, double Seconds, long AllocatedBytes, long PeakHeapGrowth, long PeakWorkingSetGrowth);

internal static class Latency
{
    /// <summary>Closed loop, one request at a time: every filter <paramref name="requests"/> times, filters interleaved.</summary>
    public static async Task<Sample[]> MeasureAsync(Filter[] filters, int requests, Func<Filter, int, Task> send, Func<Task>? before = null)
    {
        var samples = new List<Sample>(filters.Length * requests);
        for (var n = 0; n < requests; n++)
        {
            foreach (var filter in filters)
            {
                if (before is not null)
                {
                    await before(); // not timed
                }
                var start = Stopwatch.GetTimestamp();
                await send(filter, n);
                samples.Add(new(filter.Name, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
            }
        }
        return [.. samples];
    }

    public static double Percentile(IEnumerable<Sample> samples, double p) => Percentile([.. samples.Select(s => s.Milliseconds)], p);

    public static double Percentile(double[] values, double p)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }
        Array.Sort(values);
        return values[Math.Clamp((int)Math.Ceiling(p * values.Length) - 1, 0, values.Length - 1)];
    }

    public static double Median(double[] values) => values.Length == 0 ? double.NaN
        : values.Order().ToArray() is var sorted && sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
        : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

internal static class Export
{
    /// <summary>GET /api/policies/export.csv read as it arrives into one small buffer; returns (rows, bytes).</summary>
    public static async Task<(long Rows, long Bytes)> ThroughHttpAsync(HttpClient client, Filter filter)
    {
        using var response = await client.GetAsync($"/api/policies/export.csv?{filter.QueryString}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        return await CountAsync(body);
    }

    /// <summary>PostgreSQL writes the same rows as CSV itself: the floor of an export.</summary>
    public static async Task<(long Rows, long Bytes)> WithCopyAsync(NpgsqlDataSource dataSource, Filter filter)
    {
        var sql = new PolicySql(filter.Parsed!);
        await using var connection = await dataSource.OpenConnectionAsync();
        // COPY takes no parameters: the filter's values are inlined here, by the benchmark, from its own constants.
        var where = filter.Query.Binding is true ? "status = 'published' AND binding" : "status = 'published'";
        _ = sql;
        using var reader = await connection.BeginTextExportAsync(
            $"COPY (SELECT {PolicySql.ViewColumns} FROM {PolicySql.Table} WHERE {where} ORDER BY country_iso3 NULLS LAST, jurisdiction_name, id) TO STDOUT (FORMAT csv, HEADER)");
        var buffer = new char[16 * 1024];
        long rows = 0, chars = 0;
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            chars += read;
            rows += buffer.AsSpan(0, read).Count('\n');
        }
        return (rows - 1, chars);
    }

    private static async Task<(long Rows, long Bytes)> CountAsync(Stream body)
    {
        var buffer = new byte[64 * 1024];
        long rows = 0, bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            rows += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        return (rows - 1, bytes);
    }
}

/// <summary>Time, bytes allocated, and how far the managed heap and the working set rose above where they started.</summary>
internal static class Memory
{
    public static async Task<ExportRun> MeasureAsync(string path, int run, Func<Task<(long Rows, long Bytes)>> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(false);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        ResetPeakWorkingSet();
        var workingSetBefore = ReadStatus("VmRSS:");
        long peakHeap = heapBefore;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                await Task.Delay(2);
            }
        });
        var watch = Stopwatch.StartNew();
        var (rows, bytes) = await action();
        var seconds = watch.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await sampler;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var peakWorkingSet = ReadStatus("VmHWM:");
        return new ExportRun(path, run, rows, bytes, seconds, allocated, peakHeap - heapBefore, Math.Max(0, peakWorkingSet - workingSetBefore));
    }

    /// <summary>Linux: writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one.</summary>
    private static void ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static long ReadStatus(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}

internal sealed record PolicyBenchArguments(int Instruments, int Runs, int Requests, int ColdRequests, int ImportRows)
{
    public static PolicyBenchArguments Parse(string[] args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["--instruments"] = 100_000, ["--runs"] = 3, ["--requests"] = 20, ["--cold-requests"] = 2, ["--import-rows"] = 10_000,
        };
        for (var i = 0; i < args.Length; i++)
        {
            if (!values.ContainsKey(args[i]) || i + 1 >= args.Length || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                throw new ArgumentException($"usage: ./gacere bench policies [--instruments N] [--runs N] [--requests N] [--cold-requests N] [--import-rows N]; '{args[i]}' is not understood.");
            }
            values[args[i++]] = value;
        }
        return new(values["--instruments"], values["--runs"], values["--requests"], values["--cold-requests"], values["--import-rows"]);
    }
}
