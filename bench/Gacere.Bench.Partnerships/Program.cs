using System.Diagnostics;
using Gacere.Bench.Partnerships;
using Gacere.DevHost;
using Gacere.Partnerships.Data;
using Gacere.Partnerships.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static Gacere.Partnerships.Data.DuplicateCheck;

// Usage: ./gacere bench partnerships [--partnerships 20000] [--proposals 60] [--runs 3] [--unfiltered] [--explain] [--gin-fastupdate]
// Each run measures every proposal once per query, the queries interleaved A E B C (D) A E B C (D) ...
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
Console.WriteLine($"Stored {options.Partnerships:N0} partnerships ({generator.Discontinued:N0} discontinued) in {stopwatch.Elapsed.TotalSeconds:F1} s.");
var proposals = generator.Proposals(options.Proposals);

// --gin-fastupdate: a second database made the same way (the same seed: the same partnerships and proposals, bar the
// members' random ids), with the check's GIN indexes set back to GIN's default fastupdate = on before the load, as they
// were before the DuplicateCheckGinFastUpdateOff migration: the rows loaded wait in each index's pending list (a manual
// ANALYZE does not merge it) and every scan reads it. A' runs the check there, interleaved with the others.
string? pendingConnectionString = null;
List<Proposal> pendingProposals = [];
if (options.GinFastUpdate)
{
    var pendingDatabase = $"bench_partnerships_{Guid.NewGuid():N}"[..30];
    await servers.CreateDatabaseAsync(pendingDatabase);
    pendingConnectionString = servers.PostgresConnectionString(pendingDatabase);
    await using (var db = new PartnershipsDbContext(PartnershipsDbContext.Options(pendingConnectionString)))
    {
        await db.Database.MigrateAsync();
        // The model's GIN indexes (PartnershipConfiguration: the ones the check reads), so the copy follows the service's.
        var ginIndexes = db.Model.FindEntityType(typeof(Gacere.Partnerships.Domain.Partnership))!.GetIndexes()
            .Where(index => index.GetMethod() == "gin").Select(index => index.GetDatabaseName()!).ToList();
        foreach (var index in ginIndexes)
        {
#pragma warning disable EF1002 // index names from the EF model
            await db.Database.ExecuteSqlRawAsync($"ALTER INDEX partnerships.\"{index}\" SET (fastupdate = on)");
#pragma warning restore EF1002
        }
        Console.WriteLine($"A′'s copy: fastupdate on for {string.Join(", ", ginIndexes)}.");
        // Autovacuum would merge the pending lists a minute or so after the load (its insert threshold is 1,000 rows plus a
        // fifth of the table): off on this copy, so that A' measures the check between vacuums, as rows arriving one by one
        // in production leave it.
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE partnerships.partnerships SET (autovacuum_enabled = false)");
    }
    var pendingGenerator = new Generator(seed: 20261124);
    stopwatch.Restart();
    await pendingGenerator.StoreAsync(pendingConnectionString, options.Partnerships);
    Console.WriteLine($"Stored the same {options.Partnerships:N0} partnerships with the GIN indexes at fastupdate = on (GIN's default) in {stopwatch.Elapsed.TotalSeconds:F1} s.");
    pendingProposals = pendingGenerator.Proposals(options.Proposals);
}

List<(string Label, BenchQuery Query)> sides =
[
    ($"A: duplication check (text arms at {PrefilterSimilarity}, overlap upper bound in SQL, similarities in the overlap arm; overlap and title arms beside objective arm and external initiatives)", BenchQuery.Check),
    ("F: the same check, every overlap-arm row to the client (no upper bound in SQL, as before s5-dup2)", BenchQuery.CheckWithoutUpperBound),
    ("G: the same check with the upper bound, similarities in a second round trip (s5-dup2's first step)", BenchQuery.CheckUpperBoundOnly),
    ("E: the same check in one round trip on one connection (no second connection)", BenchQuery.CheckOneRoundTrip),
    ("B: baseline, the same candidate query without similarity ranking", BenchQuery.Unranked),
    ("C: an earlier check (text arms at 0.49, similarities for every prefiltered partnership, sequential scans off)", BenchQuery.PreviousCheck),
];
if (options.GinFastUpdate)
{
    sides.Insert(1, ("A': the same check with the GIN indexes' pending lists (fastupdate = on, as before the migration that turned it off)", BenchQuery.CheckWithPendingLists));
}
if (options.Unfiltered)
{
    sides.Add(("D: the check's query before any prefilter (similarity for every partnership)", BenchQuery.RankedUnfiltered));
}

await using var context = new PartnershipsDbContext(PartnershipsDbContext.Options(connectionString));
await context.Database.OpenConnectionAsync();
await using var pendingContext = new PartnershipsDbContext(PartnershipsDbContext.Options(pendingConnectionString ?? connectionString));
if (pendingConnectionString is not null)
{
    await pendingContext.Database.OpenConnectionAsync(); // as A's: neither side opens (and resets) a pooled connection per check
}
var connection = (NpgsqlConnection)context.Database.GetDbConnection();

// What the check read and computed, over the first run; and the same without the upper bound (F).
var counts = new DuplicateCheckCounts();
var countsWithoutBound = new DuplicateCheckCounts();

async Task<(double Milliseconds, int Found)> MeasureAsync(BenchQuery query, int index, DuplicateCheckCounts? checkCounts = null)
{
    var proposal = proposals[index];
    var started = Stopwatch.GetTimestamp();
    int found;
    if (query is BenchQuery.CheckWithPendingLists)
    {
        var pending = pendingProposals[index];
        found = (await RunAsync(pendingContext, null, pending.Title, pending.Objective, pending.Profile, CancellationToken.None)).Count;
    }
    else if (query is BenchQuery.Check or BenchQuery.CheckOneRoundTrip or BenchQuery.CheckWithoutUpperBound or BenchQuery.CheckUpperBoundOnly)
    {
        var shape = query switch
        {
            BenchQuery.CheckWithoutUpperBound => OverlapArmShape.None,
            BenchQuery.CheckUpperBoundOnly => OverlapArmShape.UpperBound,
            _ => OverlapArmShape.Default,
        };
        found = (await RunAsync(context, null, proposal.Title, proposal.Objective, proposal.Profile, CancellationToken.None, checkCounts,
            armsSideBySide: query != BenchQuery.CheckOneRoundTrip, shape: shape)).Count;
    }
    else
    {
        await using var command = connection.CreateCommand();
        command.CommandText = BenchQueries.Sql(query);
        AddParameters(command.Parameters, null, proposal.Title, proposal.Objective, proposal.Profile);
        await using var reader = await command.ExecuteReaderAsync();
        found = 0;
        var scored = new List<double>();
        while (await reader.ReadAsync())
        {
            var match = ReadRow(reader).With(reader.GetFloat(7), reader.GetFloat(8));
            // The previous check scored what it read; the other variants only read the rows.
            if (query == BenchQuery.PreviousCheck && DuplicateScoring.Score(proposal.Profile, match) is { } candidate)
            {
                scored.Add(candidate.Score);
            }
            found++;
        }
        if (query == BenchQuery.PreviousCheck)
        {
            found = Math.Min(MaxCandidates, scored.Count);
            await reader.CloseAsync();
            await using var reset = connection.CreateCommand();
            reset.CommandText = BenchQueries.PreviousReset;
            await reset.ExecuteNonQueryAsync();
        }
    }
    return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, found);
}

if (args.Contains("--profile"))
{
    await Profile.RunAsync(context, connectionString, proposals, options.Runs);
    return;
}

if (args.Contains("--explain"))
{
    // The plans of the check's statements for the first proposal, and of the previous check's query, to see which indexes they use.
    await ExplainAsync("the check, partnerships sharing a partner or a country, or the regions and value chains the bound needs", DuplicateCheck.SessionSetup, OverlapArmSql(proposals[0].Profile));
    await ExplainAsync("F, the overlap arm without the upper bound", DuplicateCheck.SessionSetup, OverlapArmSql(proposals[0].Profile, OverlapArmShape.None));
    await ExplainAsync("G, the overlap arm with the upper bound, without similarities", DuplicateCheck.SessionSetup, OverlapArmSql(proposals[0].Profile, OverlapArmShape.UpperBound));
    await ExplainAsync("the check, partnerships with a similar title", DuplicateCheck.SessionSetup, TitleArmSql);
    await ExplainAsync("the check, partnerships with a similar objective", DuplicateCheck.SessionSetup, ObjectiveArmSql);
    await ExplainAsync("C, the check before", BenchQueries.PreviousSetup, BenchQueries.Body(BenchQuery.PreviousCheck));
}

async Task ExplainAsync(string label, string setup, string sql)
{
    Console.WriteLine($"EXPLAIN (ANALYZE, BUFFERS): {label}");
    await using var explain = connection.CreateCommand();
    explain.CommandText = setup + "EXPLAIN (ANALYZE, BUFFERS) " + sql;
    AddParameters(explain.Parameters, null, proposals[0].Title, proposals[0].Objective, proposals[0].Profile);
    await using (var plan = await explain.ExecuteReaderAsync())
    {
        do
        {
            while (await plan.ReadAsync())
            {
                Console.WriteLine(plan.GetValue(0));
            }
        }
        while (await plan.NextResultAsync());
    }
    await using var reset = connection.CreateCommand();
    reset.CommandText = BenchQueries.PreviousReset;
    await reset.ExecuteNonQueryAsync();
}

Console.WriteLine("Warming up...");
for (var index = 0; index < Math.Min(10, proposals.Count); index++)
{
    foreach (var side in sides)
    {
        await MeasureAsync(side.Query, index);
    }
}

var results = sides.Select(_ => new List<RunResult>()).ToList();
var listed = new List<int>();
var foundBySide = sides.Select(_ => new List<int>()).ToList();
for (var run = 1; run <= options.Runs; run++)
{
    var timings = sides.Select(_ => new List<double>()).ToList();
    for (var index = 0; index < proposals.Count; index++)
    {
        for (var s = 0; s < sides.Count; s++)
        {
            var (milliseconds, found) = await MeasureAsync(sides[s].Query, index,
                run != 1 ? null : s == 0 ? counts : sides[s].Query == BenchQuery.CheckWithoutUpperBound ? countsWithoutBound : null);
            timings[s].Add(milliseconds);
            if (s == 0 && run == 1)
            {
                listed.Add(found);
            }
            if (run == 1 && sides[s].Query is BenchQuery.Check or BenchQuery.CheckOneRoundTrip or BenchQuery.CheckWithoutUpperBound or BenchQuery.CheckUpperBoundOnly)
            {
                foundBySide[s].Add(found);
            }
        }
    }
    for (var s = 0; s < sides.Count; s++)
    {
        results[s].Add(RunResult.Of(timings[s]));
    }
    Console.WriteLine($"run {run}: " + string.Join("; ", sides.Select((side, s) => $"{side.Label[..side.Label.IndexOf(':')]} p50 {results[s][^1].P50:F1} ms, p95 {results[s][^1].P95:F1} ms")));
}

Console.WriteLine();
Console.WriteLine($"{options.Partnerships:N0} stored partnerships, {proposals.Count} proposals per run, {options.Runs} runs interleaved; " +
                  $"the check listed {listed.Average():F1} candidates per proposal on average (at most {MaxCandidates}).");
void PrintCounts(string label, DuplicateCheckCounts c) =>
    Console.WriteLine($"Per proposal, {label} read {(double)c.TextArm / proposals.Count:F1} partnerships by text and {(double)c.OverlapArm / proposals.Count:F1} by overlap " +
                      $"({(double)c.OverlapArmWithoutPartnerOrCountry / proposals.Count:F1} sharing no partner or country), scored {(double)c.ScoredWithoutSimilarities / proposals.Count:F1} " +
                      $"without similarities and asked similarities for {(double)c.SimilaritiesAsked / proposals.Count:F1} ({(double)c.SimilaritiesAskedWithoutPartnerOrCountry / proposals.Count:F1} sharing no partner or country).");
PrintCounts("the check (A)", counts);
if (countsWithoutBound.OverlapArm > 0)
{
    PrintCounts("the check without the upper bound (F)", countsWithoutBound);
}
foreach (var (label, found) in sides.Select((side, s) => (side.Label[..side.Label.IndexOf(':')], foundBySide[s])).Where(x => x.Item2.Count > 0))
{
    Console.WriteLine($"{label} listed {found.Sum()} candidates over the first run's proposals{(found.SequenceEqual(foundBySide[0]) ? ", as many as A for every proposal" : ", NOT as many as A for every proposal")}.");
}
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

internal sealed record BenchArguments(int Partnerships, int Proposals, int Runs, bool Unfiltered, bool GinFastUpdate)
{
    public static BenchArguments Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
        }
        return new BenchArguments(Value("--partnerships", 20_000), Value("--proposals", 60), Math.Max(1, Value("--runs", 3)), args.Contains("--unfiltered"),
            args.Contains("--gin-fastupdate"));
    }
}

internal enum BenchQuery
{
    /// <summary>The check as the service runs it (<see cref="DuplicateCheck.RunAsync"/>).</summary>
    Check,
    /// <summary>The same check with every statement in one round trip on one connection, none beside it.</summary>
    CheckOneRoundTrip,
    /// <summary>The check without the overlap upper bound in SQL: every row sharing a partner or a country to the client.</summary>
    CheckWithoutUpperBound,
    /// <summary>The check with the upper bound, both similarities in a second round trip (the name says what it was measured against).</summary>
    CheckUpperBoundOnly,
    /// <summary>The check on a copy of the data whose GIN indexes keep pending lists (fastupdate = on, <c>--gin-fastupdate</c>).</summary>
    CheckWithPendingLists,
    /// <summary>The baseline: every non-discontinued partnership's profile, without similarity ranking and without a prefilter.</summary>
    Unranked,
    /// <summary>An earlier check's candidate query (before overlaps were scored first, text arms at 0.49): both similarities for every prefiltered partnership.</summary>
    PreviousCheck,
    /// <summary>Before any prefilter: both similarities for every non-discontinued partnership.</summary>
    RankedUnfiltered,
}

/// <summary>The queries the bench runs beside the check; only the bench uses them.</summary>
internal static class BenchQueries
{
    /// <summary>What the previous check sent before its query (its text arms' threshold, 0.49), and what rode with its next command.</summary>
    public static readonly string PreviousSetup = "SET pg_trgm.similarity_threshold = 0.49; SET enable_seqscan = off; ", PreviousReset = DuplicateCheck.SessionReset;

    public static string Sql(BenchQuery query) => (query == BenchQuery.PreviousCheck ? PreviousSetup : "") + Body(query);

    public static string Body(BenchQuery query) => query switch
    {
        BenchQuery.Unranked => Select("0::real, 0::real", ""),
        BenchQuery.RankedUnfiltered => Select("similarity(p.title, @title), similarity(p.objective, @objective)", ""),
        // As it ran before: the planner priced the long objective's trigram index scan above a scan of the table, hence enable_seqscan.
        BenchQuery.PreviousCheck => Select(
            "similarity(p.title, @title), similarity(p.objective, @objective)",
            $"""
            JOIN (SELECT id FROM {Schema}.partnerships WHERE partner_member_ids && @partners
                  UNION SELECT id FROM {Schema}.partnerships WHERE countries && @countries
                  UNION SELECT id FROM {Schema}.partnerships WHERE title % @title
                  UNION SELECT id FROM {Schema}.partnerships WHERE objective % @objective) f ON f.id = p.id
            """),
        _ => throw new ArgumentOutOfRangeException(nameof(query)),
    };

    private static string Schema => PartnershipsDbContext.Schema;

    private static string Select(string similarities, string join) => $"""
        SELECT {ProfileColumns}, {similarities}
        FROM {Schema}.partnerships p
        {join}
        WHERE p.status <> 'discontinued' AND p.id <> @id
        """;
}
