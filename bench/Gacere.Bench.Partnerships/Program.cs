using System.Diagnostics;
using Gacere.Bench.Partnerships;
using Gacere.DevHost;
using Gacere.Partnerships.Data;
using Gacere.Partnerships.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static Gacere.Partnerships.Data.DuplicateCheck;

// Usage: ./gacere bench partnerships [--partnerships 20000] [--proposals 60] [--runs 3] [--unfiltered] [--explain]
// Each run measures every proposal once per query, the queries interleaved A B (C) A B (C) ...
var options = BenchArguments.Parse(args);
Console.WriteLine($"Starting PostgreSQL ({Environment.ProcessorCount} cores)...");
await using var servers = await LocalServers.StartAsync(new LocalServersOptions { Databases = [] });
var database = $"bench_partnerships_{Guid.NewGuid():N}"[..30];
await servers.CreateDatabaseAsync(database);
var connectionString = servers.PostgresConnectionString(database);

await using (var db = new PartnershipsDbContext(PartnershipsDbContext.Options(connectionString)))
{
    await db.Database.MigrateAsync(); // the service's own schema and indexes
}
var generator = new Generator(seed: 20261124);
var stopwatch = Stopwatch.StartNew();
await generator.StoreAsync(connectionString, options.Partnerships);
Console.WriteLine($"Stored {options.Partnerships:N0} partnerships ({generator.Discontinued:N0} discontinued) in {stopwatch.Elapsed.TotalSeconds:F0} s.");
var proposals = generator.Proposals(options.Proposals);

List<(string Label, CandidateQuery? Query)> sides =
[
    ("A: duplication check (prefilter, similarity ranking, scoring, external initiatives)", null),
    ("B: baseline, the same candidate query without similarity ranking", CandidateQuery.Unranked),
];
if (options.Unfiltered)
{
    sides.Add(("C: the check's query before the prefilter (similarity for every partnership)", CandidateQuery.RankedUnfiltered));
}

await using var context = new PartnershipsDbContext(PartnershipsDbContext.Options(connectionString));
await context.Database.OpenConnectionAsync();
var connection = (NpgsqlConnection)context.Database.GetDbConnection();

async Task<(double Milliseconds, int Found)> MeasureAsync(CandidateQuery? query, Proposal proposal)
{
    var started = Stopwatch.GetTimestamp();
    int found;
    if (query is null)
    {
        found = (await RunAsync(context, null, proposal.Title, proposal.Objective, proposal.Profile, CancellationToken.None)).Count;
    }
    else
    {
        // The other variants read the same rows; scoring them is the check's business, not the query's.
        await using var command = connection.CreateCommand();
        command.CommandText = PartnershipCandidatesSql(query.Value);
        AddCandidateParameters(command.Parameters, null, proposal.Title, proposal.Objective, proposal.Profile);
        await using var reader = await command.ExecuteReaderAsync();
        found = 0;
        while (await reader.ReadAsync())
        {
            ReadMatch(reader);
            found++;
        }
    }
    return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, found);
}

if (args.Contains("--explain"))
{
    // The plan of the check's candidate query for the first proposal, to see which indexes it uses.
    await using var explain = connection.CreateCommand();
    explain.CommandText = SessionSetup + "EXPLAIN (ANALYZE, BUFFERS) " + PartnershipCandidatesSql(CandidateQuery.Ranked);
    AddCandidateParameters(explain.Parameters, null, proposals[0].Title, proposals[0].Objective, proposals[0].Profile);
    await using var plan = await explain.ExecuteReaderAsync();
    while (await plan.ReadAsync())
    {
        Console.WriteLine(plan.GetString(0));
    }
    await plan.CloseAsync();
    await using var reset = connection.CreateCommand();
    reset.CommandText = SessionReset;
    await reset.ExecuteNonQueryAsync();
}

Console.WriteLine("Warming up...");
foreach (var proposal in proposals.Take(10))
{
    foreach (var side in sides)
    {
        await MeasureAsync(side.Query, proposal);
    }
}

var results = sides.Select(_ => new List<RunResult>()).ToList();
var listed = new List<int>();
for (var run = 1; run <= options.Runs; run++)
{
    var timings = sides.Select(_ => new List<double>()).ToList();
    foreach (var proposal in proposals)
    {
        for (var s = 0; s < sides.Count; s++)
        {
            var (milliseconds, found) = await MeasureAsync(sides[s].Query, proposal);
            timings[s].Add(milliseconds);
            if (s == 0 && run == 1)
            {
                listed.Add(found);
            }
        }
    }
    for (var s = 0; s < sides.Count; s++)
    {
        results[s].Add(RunResult.Of(timings[s]));
    }
    Console.WriteLine($"run {run}: " + string.Join("; ", sides.Select((side, s) => $"{side.Label[..1]} p50 {results[s][^1].P50:F1} ms, p95 {results[s][^1].P95:F1} ms")));
}

Console.WriteLine();
Console.WriteLine($"{options.Partnerships:N0} stored partnerships, {proposals.Count} proposals per run, {options.Runs} runs interleaved; " +
                  $"the check listed {listed.Average():F1} candidates per proposal on average (at most {MaxCandidates}).");
Console.WriteLine();
Console.WriteLine("| query | p50 median (ms) | p95 median (ms) | p95 per run (ms) | p95 spread (max − min, ms) | p99 median (ms) |");
Console.WriteLine("|---|---:|---:|---|---:|---:|");
for (var s = 0; s < sides.Count; s++)
{
    var runs = results[s];
    Console.WriteLine($"| {sides[s].Label} | {Median(runs.Select(r => r.P50)):F1} | {Median(runs.Select(r => r.P95)):F1} | " +
                      $"{string.Join(", ", runs.Select(r => r.P95.ToString("F1")))} | {runs.Max(r => r.P95) - runs.Min(r => r.P95):F1} | {Median(runs.Select(r => r.P99)):F1} |");
}
var checkP95 = Median(results[0].Select(r => r.P95));
Console.WriteLine();
Console.WriteLine($"Duplication check p95 {checkP95:F1} ms (target < 50 ms): {(checkP95 < 50 ? "met" : "NOT met")}");

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

internal sealed record RunResult(double P50, double P95, double P99)
{
    public static RunResult Of(List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        double At(double quantile) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
        return new RunResult(At(0.50), At(0.95), At(0.99));
    }
}

internal sealed record BenchArguments(int Partnerships, int Proposals, int Runs, bool Unfiltered)
{
    public static BenchArguments Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
        }
        return new BenchArguments(Value("--partnerships", 20_000), Value("--proposals", 60), Math.Max(3, Value("--runs", 3)), args.Contains("--unfiltered"));
    }
}
