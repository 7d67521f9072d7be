extern alias policymapping;

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gacere;
using Gacere.Bench.Policies;
using Gacere.MemberReplica;
using Gacere.ReferenceData;
using Gacere.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using policymapping::Gacere.PolicyMapping.Apis;
using policymapping::Gacere.PolicyMapping.Data;
using policymapping::Gacere.PolicyMapping.Search;

// Usage: ./gacere bench policies [--instruments 100000] [--runs 3] [--requests 20] [--cold-requests 2] [--import-rows 10000]
var options = PolicyBenchArguments.Parse(args);
var invariant = CultureInfo.InvariantCulture;
Console.WriteLine($"Starting PostgreSQL, Redis and RabbitMQ and PolicyMapping in process ({Environment.ProcessorCount} cores)...");
var servers = new ServersFixture();
await servers.InitializeAsync();
try
{
    // The service in process as the API tests start it (tests/Gacere.Testing/ServiceFactory.cs), on its own fresh database.
    await using var service = await ServiceFactory<policymapping::Program>.CreateAsync(
        servers, ResourceNames.PolicyMappingDatabase, contentRoot: Path.Combine("services", "Gacere.PolicyMapping"));
    _ = service.Server; // starts the host: migrations and seeders run before the first request
    var catalog = CountryReferenceData.Load();
    await using var dataSource = NpgsqlDataSource.Create(service.DatabaseConnectionString);

    // Every country of the catalogue is a member (its national government, active) in the replica.
    var members = CountryCodes(catalog).Select(iso3 => new BenchMember(Guid.CreateVersion7(), iso3, catalog.Find(iso3)!.Name)).ToList();
    await using (var scope = service.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<PolicyMappingDbContext>();
        db.Set<ReplicatedMember>().AddRange(members.Select(m => new ReplicatedMember
        {
            MemberId = m.MemberId, OrganisationName = $"Government of {m.Name}", OrgType = PolicyServices.NationalGovernment,
            CountryIso3 = m.Iso3, Category = "member", Status = "active", EffectiveDate = new DateOnly(2021, 2, 22), Version = 1,
            UpdatedAt = DateTimeOffset.UtcNow,
        }));
        await db.SaveChangesAsync();
    }

    var load = Stopwatch.StartNew();
    await using (var connection = await dataSource.OpenConnectionAsync())
    {
        await Generator.CopyAsync(connection, Generator.Instruments(members, options.Instruments, "seed", seed: 42), "published");
        await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {PolicySql.Table}", connection);
        await analyze.ExecuteNonQueryAsync();
    }
    Console.WriteLine($"Loaded {options.Instruments:N0} published instruments over {members.Count} member countries with binary COPY in {load.Elapsed.TotalSeconds:F1} s.");
    // GACERE_BENCH_HOLD=<file>: keep the loaded database (and its server) until that file exists, to EXPLAIN by hand in psql.
    if (Environment.GetEnvironmentVariable("GACERE_BENCH_HOLD") is { Length: > 0 } hold)
    {
        Console.WriteLine($"Holding until {hold} exists: {service.DatabaseConnectionString}");
        while (!File.Exists(hold))
        {
            await Task.Delay(1000);
        }
    }

    using var anonymous = service.CreateClient();
    anonymous.Timeout = TimeSpan.FromMinutes(5);
    using var secretariat = service.CreateClient(GacereRoles.Secretariat);
    secretariat.Timeout = TimeSpan.FromMinutes(5);

    // The filters a reader sends: each is measured through the endpoint and as the plain page query.
    Filter[] filters =
    [
        new("everything", "", new PolicyQuery()),
        new("one type", "instrumentType=economic_fiscal", new PolicyQuery { InstrumentType = ["economic_fiscal"] }),
        new("value chain + region", "valueChain=plastics&region=002", new PolicyQuery { ValueChain = ["plastics"], Region = "002" }),
        new("text", "q=recycling", new PolicyQuery { Q = "recycling" }),
        new("countries + theme", "country=KEN,CHL,BRA&theme=just_transition", new PolicyQuery { Country = ["KEN,CHL,BRA"], Theme = ["just_transition"] }),
        new("text + binding + date", "q=deposit%20refund&binding=true&adoptedFrom=2010-01-01",
            new PolicyQuery { Q = "deposit refund", Binding = true, AdoptedFrom = new DateOnly(2010, 1, 1) }),
    ];
    foreach (var filter in filters)
    {
        var errors = new Dictionary<string, string[]>();
        filter.Parsed = PolicyFilter.Parse(filter.Query, catalog, isSecretariat: false, errors)
            ?? throw new InvalidOperationException($"{filter.Name}: {string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}"))}");
    }
    string[] mapRows = ["country", "region", "value_chain"];

    async Task SearchOnceAsync(Filter filter, int _)
    {
        using var response = await anonymous.GetAsync($"/api/policies/search?{filter.QueryString}&limit=20");
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }
    async Task MapOnceAsync(Filter filter, int n)
    {
        using var response = await anonymous.GetAsync($"/api/policies/map?{filter.QueryString}&rows={mapRows[n % mapRows.Length]}");
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }
    // A cold answer: the published-set counter moves first (as a publication would), so nothing kept applies.
    async Task ForgetAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var bump = new NpgsqlCommand($"UPDATE {ResourceNames.PolicyMapping}.published_set_version SET version = version + 1 WHERE id = 1", connection);
        await bump.ExecuteNonQueryAsync();
    }
    async Task BaselineOnceAsync(Filter filter, int _)
    {
        // The same WHERE clause the endpoints build, as the first page alone over the rows (a text ranks every matching row,
        // not the narrow copy the endpoints rank over): no facets, no map, no HTTP.
        var sql = new PolicySql(filter.Parsed!);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = sql.Command(connection, sql.RowsPageSql(null), ("limit", 21));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            PolicyRows.Read(reader);
        }
    }

    // Sanity: the endpoint sees every row that was loaded.
    using (var all = await anonymous.GetAsync("/api/policies/search?limit=1"))
    {
        all.EnsureSuccessStatusCode();
        var total = System.Text.Json.JsonDocument.Parse(await all.Content.ReadAsStringAsync()).RootElement.GetProperty("totalCount").GetInt64();
        if (total != options.Instruments)
        {
            throw new InvalidOperationException($"The search counts {total} published instruments; {options.Instruments} were loaded.");
        }
    }

    // The profile: what PostgreSQL itself spends on each filter's facets, map and page (EXPLAIN ANALYZE, once, cache warm).
    Console.WriteLine("PostgreSQL execution time per filter (EXPLAIN ANALYZE, ms): facets · map by member counted over the rows · " +
                      "map by member as answered · map by value chain as answered (kept: the kept map counts; narrow: published_text) · " +
                      "first page ranked over the rows · first page as answered");
    foreach (var filter in filters)
    {
        var sql = new PolicySql(filter.Parsed!);
        async Task<double> ExplainAsync(string text, params (string, object)[] extra)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var explain = sql.Command(connection, "EXPLAIN (ANALYZE, FORMAT JSON) " + text, extra);
            var plan = System.Text.Json.JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
            return plan.RootElement[0].GetProperty("Execution Time").GetDouble();
        }
        await ExplainAsync(sql.FacetsSql());
        var facets = await ExplainAsync(sql.FacetsSql());
        var counted = await ExplainAsync(sql.CountedByMemberSql());
        var byMember = await ExplainAsync(sql.ByMemberSql());
        var byChain = await ExplainAsync(sql.ByValueChainSql());
        var pageOverRows = await ExplainAsync(sql.RowsPageSql(null), ("limit", 21));
        var page = await ExplainAsync(sql.PageSql(null), ("limit", 21));
        Console.WriteLine(string.Create(invariant,
            $"  {filter.Name,-24} {facets,8:F1} {counted,8:F1} {byMember,8:F1} {byChain,8:F1} {pageOverRows,8:F1} {page,8:F1}{(sql.KeptMap ? "  (kept)" : sql.NarrowText ? "  (narrow)" : "")}"));
    }

    Console.WriteLine("Warming up (JIT, pools, PostgreSQL's cache)...");
    foreach (var run in new Func<Filter, int, Task>[] { SearchOnceAsync, MapOnceAsync, BaselineOnceAsync })
    {
        await Latency.MeasureAsync(filters, 2, run);
    }

    // A B A B A B: the endpoint and its baseline take turns, so the machine's noise falls on both alike.
    var latencyRuns = new List<LatencyRun>();
    for (var run = 1; run <= options.Runs; run++)
    {
        Console.WriteLine($"Run {run}/{options.Runs}: search, baseline, map, baseline, cold search, cold map, baseline...");
        latencyRuns.Add(new("search with facets (HTTP)", run, await Latency.MeasureAsync(filters, options.Requests, SearchOnceAsync)));
        latencyRuns.Add(new("baseline beside search: plain page query", run, await Latency.MeasureAsync(filters, options.Requests, BaselineOnceAsync)));
        latencyRuns.Add(new("map, rows country/region/value_chain (HTTP)", run, await Latency.MeasureAsync(filters, options.Requests, MapOnceAsync)));
        latencyRuns.Add(new("baseline beside map: plain page query", run, await Latency.MeasureAsync(filters, options.Requests, BaselineOnceAsync)));
        latencyRuns.Add(new("search with facets, cold (HTTP)", run, await Latency.MeasureAsync(filters, options.ColdRequests, SearchOnceAsync, ForgetAsync)));
        latencyRuns.Add(new("map, cold (HTTP)", run, await Latency.MeasureAsync(filters, options.ColdRequests, MapOnceAsync, ForgetAsync)));
        latencyRuns.Add(new("baseline beside cold: plain page query", run, await Latency.MeasureAsync(filters, options.ColdRequests, BaselineOnceAsync)));
    }

    // Exports: a tenth of the rows (binding=true) and all of them, each beside PostgreSQL's own COPY … TO STDOUT CSV.
    var exportRuns = new List<ExportRun>();
    var small = filters[0] with { Name = "binding", QueryString = "binding=true", Query = new PolicyQuery { Binding = true } };
    small.Parsed = PolicyFilter.Parse(small.Query, catalog, isSecretariat: false, new());
    await Export.ThroughHttpAsync(anonymous, small); // warm-up
    for (var run = 1; run <= options.Runs; run++)
    {
        Console.WriteLine($"Run {run}/{options.Runs}: exports...");
        foreach (var filter in new[] { small, filters[0] })
        {
            exportRuns.Add(await Memory.MeasureAsync("CSV export (HTTP, streamed)", run, () => Export.ThroughHttpAsync(anonymous, filter)));
            exportRuns.Add(await Memory.MeasureAsync("baseline: COPY … TO STDOUT (CSV)", run, () => Export.WithCopyAsync(dataSource, filter)));
        }
    }

    // Imports: fresh rows each run (a re-import would change nothing), beside binary COPY of as many drafts.
    var importRuns = new List<(string Path, int Run, int Rows, double Seconds, long Bytes)>();
    for (var run = 1; run <= options.Runs; run++)
    {
        Console.WriteLine($"Run {run}/{options.Runs}: imports...");
        var csv = Generator.Csv(Generator.Instruments(members, options.ImportRows, $"import-{run}", seed: 1000 + run));
        var body = Encoding.UTF8.GetBytes(csv);
        var watch = Stopwatch.StartNew();
        using (var response = await secretariat.PostAsync("/api/policies/instruments/import", new ByteArrayContent(body)
        {
            Headers = { ContentType = new("text/csv") { CharSet = "utf-8" } },
        }))
        {
            var answer = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The import answered {(int)response.StatusCode}: {answer[..Math.Min(answer.Length, 2000)]}");
            }
            var created = System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("created").GetInt32();
            if (created != options.ImportRows)
            {
                throw new InvalidOperationException($"The import created {created} drafts of {options.ImportRows}.");
            }
        }
        importRuns.Add(("import CSV (HTTP, all or nothing)", run, options.ImportRows, watch.Elapsed.TotalSeconds, body.Length));
        watch.Restart();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await Generator.CopyAsync(connection, Generator.Instruments(members, options.ImportRows, $"copy-{run}", seed: 2000 + run), "draft");
        }
        importRuns.Add(("baseline: binary COPY of the rows", run, options.ImportRows, watch.Elapsed.TotalSeconds, 0));
    }

    Console.WriteLine();
    Console.WriteLine($"{options.Instruments:N0} published instruments, {members.Count} member countries; {options.Runs} runs of A then B; " +
                      $"{options.Requests} requests (cold: {options.ColdRequests}) per filter per run over {filters.Length} filters (one client, one request at a time).");
    Console.WriteLine();
    Console.WriteLine("| operation | runs | p50 (ms), median of runs | p95 (ms), median of runs | p95 spread (min–max) | target |");
    Console.WriteLine("|---|---:|---:|---:|---:|---|");
    foreach (var group in latencyRuns.GroupBy(r => r.Path))
    {
        var p95s = group.Select(r => Latency.Percentile(r.Samples, 0.95)).ToArray();
        var p50s = group.Select(r => Latency.Percentile(r.Samples, 0.50)).ToArray();
        var target = group.Key.StartsWith("search with facets (", StringComparison.Ordinal) ? "p95 < 25 ms"
            : group.Key.StartsWith("map, rows", StringComparison.Ordinal) ? "p95 < 50 ms" : "";
        Console.WriteLine(string.Create(invariant,
            $"| {group.Key} | {group.Count()} | {Latency.Median(p50s):F1} | {Latency.Median(p95s):F1} | {p95s.Min():F1}–{p95s.Max():F1} | {target} |"));
    }
    Console.WriteLine();
    Console.WriteLine("Per filter, every run together (p50 / p95 ms): search · map · baseline · cold search · cold map");
    foreach (var filter in filters)
    {
        string Of(string path) => latencyRuns.Where(r => r.Path.EndsWith(path, StringComparison.Ordinal)).SelectMany(r => r.Samples.Where(s => s.Filter == filter.Name)).ToArray() is var s
            ? string.Create(invariant, $"{Latency.Percentile(s, 0.5):F1} / {Latency.Percentile(s, 0.95):F1}")
            : "";
        Console.WriteLine($"  {filter.Name,-24} {Of("search with facets (HTTP)"),-14} {Of("map, rows country/region/value_chain (HTTP)"),-14} {Of("plain page query"),-14} {Of("search with facets, cold (HTTP)"),-14} {Of("map, cold (HTTP)")}");
    }
    Console.WriteLine();
    Console.WriteLine("| export | rows | runs | time (s), median | spread (min–max) | body (MB) | allocated (MB), median | peak managed heap growth (MB), median | peak working set growth (MB), median | target |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    foreach (var group in exportRuns.GroupBy(r => (r.Path, r.Rows)))
    {
        var seconds = group.Select(r => r.Seconds).ToArray();
        var target = group.Key.Path.StartsWith("CSV", StringComparison.Ordinal) && group.Key.Rows >= 100_000 ? "< 3 s, memory flat" : "";
        Console.WriteLine(string.Create(invariant,
            $"| {group.Key.Path} | {group.Key.Rows:N0} | {group.Count()} | {Latency.Median(seconds):F2} | {seconds.Min():F2}–{seconds.Max():F2} | {group.First().Bytes / 1e6:F1} | " +
            $"{Latency.Median([.. group.Select(r => r.AllocatedBytes / 1e6)]):F0} | {Latency.Median([.. group.Select(r => r.PeakHeapGrowth / 1e6)]):F1} | " +
            $"{Latency.Median([.. group.Select(r => r.PeakWorkingSetGrowth / 1e6)]):F1} | {target} |"));
    }
    Console.WriteLine();
    Console.WriteLine("| import | rows | runs | time (s), median | spread (min–max) | body (MB) | target |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
    foreach (var group in importRuns.GroupBy(r => r.Path))
    {
        var seconds = group.Select(r => r.Seconds).ToArray();
        Console.WriteLine(string.Create(invariant,
            $"| {group.Key} | {group.First().Rows:N0} | {group.Count()} | {Latency.Median(seconds):F2} | {seconds.Min():F2}–{seconds.Max():F2} | " +
            $"{group.First().Bytes / 1e6:F1} | {(group.Key.StartsWith("import", StringComparison.Ordinal) ? "< 10 s" : "")} |"));
    }

    Console.WriteLine();
    double MedianP95(string path) => Latency.Median([.. latencyRuns.Where(r => r.Path == path).Select(r => Latency.Percentile(r.Samples, 0.95))]);
    var searchP95 = MedianP95("search with facets (HTTP)");
    var mapP95 = MedianP95("map, rows country/region/value_chain (HTTP)");
    var exportFull = Latency.Median([.. exportRuns.Where(r => r.Path.StartsWith("CSV", StringComparison.Ordinal) && r.Rows == options.Instruments).Select(r => r.Seconds)]);
    var heapSmall = Latency.Median([.. exportRuns.Where(r => r.Path.StartsWith("CSV", StringComparison.Ordinal) && r.Rows < options.Instruments).Select(r => r.PeakHeapGrowth / 1e6)]);
    var heapFull = Latency.Median([.. exportRuns.Where(r => r.Path.StartsWith("CSV", StringComparison.Ordinal) && r.Rows == options.Instruments).Select(r => r.PeakHeapGrowth / 1e6)]);
    var import = Latency.Median([.. importRuns.Where(r => r.Path.StartsWith("import", StringComparison.Ordinal)).Select(r => r.Seconds)]);
    Console.WriteLine(string.Create(invariant, $"search with facets: p95 {searchP95:F1} ms (target < 25 ms): {(searchP95 < 25 ? "met" : "NOT met")}"));
    Console.WriteLine(string.Create(invariant, $"map: p95 {mapP95:F1} ms (target < 50 ms): {(mapP95 < 50 ? "met" : "NOT met")}"));
    Console.WriteLine(string.Create(invariant, $"CSV export of {options.Instruments:N0} rows: {exportFull:F2} s (target < 3 s): {(exportFull < 3 ? "met" : "NOT met")}; " +
        $"peak heap growth {heapSmall:F1} MB at a tenth of the rows, {heapFull:F1} MB at all of them (streamed: {(heapFull < heapSmall * 3 + 16 ? "yes" : "NO")})"));
    Console.WriteLine(string.Create(invariant, $"import of {options.ImportRows:N0} rows: {import:F2} s (target < 10 s): {(import < 10 ? "met" : "NOT met")}"));
}
finally
{
    await servers.DisposeAsync();
}

static IEnumerable<string> CountryCodes(CountryCatalog catalog) =>
    Enumerable.Range(0, 26 * 26 * 26)
        .Select(n => new string([(char)('A' + n / 676), (char)('A' + n / 26 % 26), (char)('A' + n % 26)]))
        .Where(code => catalog.FindExact(code) is { RegionCode.Length: > 0 });

