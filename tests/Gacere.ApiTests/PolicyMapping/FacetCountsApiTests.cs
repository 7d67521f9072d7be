using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Gacere.ApiTests.PolicyMapping;

/// <summary>
/// The search's facets come from one pass over <c>facet_keys</c> (a generated column, migration FacetKeys) or the kept
/// totals, and the maps from the kept map counts (migration PublishedMapCounts) or index-only scans: their counts must
/// equal a brute-force count over the very rows, for several filters, and stay right after a publication and an
/// archival (through the API) and rows written outside EF (multi-row INSERT, UPDATE and DELETE statements, binary COPY).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class FacetCountsApiTests(ServersFixture servers) : PolicyMappingApiTest(servers)
{
    private static readonly string[] Types = ["macro_policy", "regulatory_legal", "economic_fiscal", "voluntary_self_regulation", "information_education"];
    private static readonly string[] Pines = ["tax", "fee_charge", "tradable_permit", "deposit_refund", "environmental_subsidy", "voluntary_approach"];
    private static readonly string[] Chains = ["electronics_ict", "batteries_vehicles", "packaging", "plastics", "textiles", "construction_buildings", "food_water_nutrients", "other"];
    private static readonly string[] Strategies = ["refuse", "rethink", "reduce", "reuse", "repair", "refurbish", "remanufacture", "repurpose", "recycle", "recover"];
    private static readonly string[] Materials = ["biomass", "metal_ores", "non_metallic_minerals", "fossil_energy"];
    private static readonly string[] Themes = ["circular_economy", "sustainable_resource_management", "industrial_symbiosis", "just_transition"];
    private static readonly string[] Levels = ["supranational", "national", "subnational", "local"];
    private static readonly string[] Lifecycles = ["proposed", "adopted", "in_force", "amended", "repealed", "expired"];

    /// <summary>A member organisation (no country) the replica does not know: its rows are keyed by its id in the map.</summary>
    private static readonly Guid Union = Guid.Parse("0193b000-0000-7000-8000-0000000000e1");

    /// <summary>The M49 region of each country the rows use (the map by region sums countries per region).</summary>
    private static readonly Dictionary<string, string> RegionOf = new() { ["CHL"] = "019", ["PER"] = "019", ["KEN"] = "002" };

    /// <summary>One row as the brute force sees it.</summary>
    private sealed record Row(
        Guid MemberId, string? Country, string Type, string? Pine, string Level, string Lifecycle, bool Binding,
        string[] Chains, string[] Strategies, string[] Materials, string[] Themes, bool Zorbex);

    /// <summary>The query string, and the same filter as a predicate over rows.</summary>
    private static readonly (string Query, Func<Row, bool> Holds)[] Filters =
    [
        ("", _ => true),
        ("instrumentType=economic_fiscal", r => r.Type == "economic_fiscal"),
        ("instrumentType=economic_fiscal,regulatory_legal&country=CHL,KEN", r => r.Type is "economic_fiscal" or "regulatory_legal" && r.Country is "CHL" or "KEN"),
        ("region=019", r => r.Country is "CHL" or "PER"),
        ("valueChain=plastics,textiles&binding=false", r => !r.Binding && (r.Chains.Contains("plastics") || r.Chains.Contains("textiles"))),
        ("country=CHL,KEN&theme=just_transition", r => r.Country is "CHL" or "KEN" && r.Themes.Contains("just_transition")),
        ("level=national&lifecycle=in_force,adopted&materialCategory=biomass",
            r => r.Level == "national" && r.Lifecycle is "in_force" or "adopted" && r.Materials.Contains("biomass")),
        ("pineType=tax,deposit_refund&rStrategy=recycle", r => r.Pine is "tax" or "deposit_refund" && r.Strategies.Contains("recycle")),
        // Text alone, and with type and region: counted and ranked over published_text (migration PublishedText); with
        // binding: over the rows.
        ("q=zorbex", r => r.Zorbex),
        ("q=zorbex&instrumentType=economic_fiscal,regulatory_legal&region=019", r => r.Zorbex && r.Type is "economic_fiscal" or "regulatory_legal" && r.Country is "CHL" or "PER"),
        ("q=zorbex&binding=true", r => r.Zorbex && r.Binding),
    ];

    private const string Columns =
        "id, member_id, country_iso3, jurisdiction_name, level, title_original, title_english, original_language, summary, lifecycle, binding, " +
        "source_url, instrument_type, pine_type, value_chains, r_strategies, material_categories, themes, indicator_codes, status, " +
        "created_at, updated_at, published_at";

    /// <summary>
    /// The i-th generated row, in <see cref="Columns"/>' order: varied classifications, published and not (one in five a
    /// draft), over three member countries and a member organisation without a country.
    /// </summary>
    private static (object?[] Values, bool Published) Generated(int i)
    {
        static string[] Codes(string[] codes, int i, int n) => [.. Enumerable.Range(0, n).Select(k => codes[(i * 7 + k * 3) % codes.Length]).Distinct()];
        var members = new (Guid Member, string? Country)[] { (Chile, "CHL"), (Kenya, "KEN"), (Peru, "PER"), (Union, null) };
        var (member, country) = members[i % members.Length];
        var type = Types[i * 3 % Types.Length];
        var status = i % 5 == 3 ? "draft" : "published";
        var now = DateTime.UtcNow;
        return ([
            Guid.CreateVersion7(), member, country, country ?? "Union", Levels[i % Levels.Length], "Ley", i % 3 == 1 ? "Zorbex law" : "Law", "es",
            i % 4 == 1 ? "A zorbex law." : "A law.",
            Lifecycles[i * 5 % Lifecycles.Length], i % 3 == 0, $"https://example.org/facets/{i}", type,
            type == "economic_fiscal" ? Pines[i % Pines.Length] : null, Codes(Chains, i, 1 + i % 3), Codes(Strategies, i, 1 + i % 4),
            Codes(Materials, i, i % 3), Codes(Themes, i, 1 + i % 2), Array.Empty<string>(), status, now, now, now,
        ], status == "published");
    }

    /// <summary>Rows <paramref name="from"/>.. written in one multi-row INSERT statement (the triggers see them all at once).</summary>
    private async Task<long> InsertRowsAsync(int from, int count)
    {
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand { Connection = connection };
        var tuples = new List<string>();
        long published = 0;
        for (var i = from; i < from + count; i++)
        {
            var (values, isPublished) = Generated(i);
            published += isPublished ? 1 : 0;
            tuples.Add("(" + string.Join(", ", values.Select((value, c) =>
            {
                command.Parameters.Add(new NpgsqlParameter($"p{i}_{c}", value ?? DBNull.Value));
                return c == 2 ? $"@p{i}_{c}::bpchar" : c == 13 ? $"@p{i}_{c}::text" : $"@p{i}_{c}";
            })) + ")");
        }
        command.CommandText = $"INSERT INTO policymapping.policy_instruments ({Columns}) VALUES {string.Join(", ", tuples)}";
        Assert.Equal(count, await command.ExecuteNonQueryAsync());
        return published;
    }

    /// <summary>Rows <paramref name="from"/>.. written by binary COPY, as the import and the benchmark write them.</summary>
    private async Task CopyRowsAsync(int from, int count)
    {
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY policymapping.policy_instruments ({Columns}) FROM STDIN (FORMAT BINARY)");
        NpgsqlTypes.NpgsqlDbType[] types =
        [
            NpgsqlTypes.NpgsqlDbType.Uuid, NpgsqlTypes.NpgsqlDbType.Uuid, NpgsqlTypes.NpgsqlDbType.Char, NpgsqlTypes.NpgsqlDbType.Text,
            NpgsqlTypes.NpgsqlDbType.Text, NpgsqlTypes.NpgsqlDbType.Text, NpgsqlTypes.NpgsqlDbType.Text, NpgsqlTypes.NpgsqlDbType.Text,
            NpgsqlTypes.NpgsqlDbType.Text, NpgsqlTypes.NpgsqlDbType.Text, NpgsqlTypes.NpgsqlDbType.Boolean, NpgsqlTypes.NpgsqlDbType.Text,
            NpgsqlTypes.NpgsqlDbType.Text, NpgsqlTypes.NpgsqlDbType.Text,
            NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text,
            NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text,
            NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, NpgsqlTypes.NpgsqlDbType.Text,
            NpgsqlTypes.NpgsqlDbType.TimestampTz, NpgsqlTypes.NpgsqlDbType.TimestampTz, NpgsqlTypes.NpgsqlDbType.TimestampTz,
        ];
        for (var i = from; i < from + count; i++)
        {
            await copy.StartRowAsync();
            var (values, _) = Generated(i);
            for (var c = 0; c < values.Length; c++)
            {
                if (values[c] is null)
                {
                    await copy.WriteNullAsync();
                }
                else
                {
                    await copy.WriteAsync(values[c], types[c]);
                }
            }
        }
        Assert.Equal((ulong)count, await copy.CompleteAsync());
    }

    /// <summary>Every published row, read plainly (no facet_keys).</summary>
    private async Task<List<Row>> PublishedRowsAsync()
    {
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT member_id, country_iso3::text, instrument_type, pine_type, level, lifecycle, binding, value_chains, r_strategies, material_categories, themes, " +
            "concat_ws(' ', title_english, title_original, summary, summary_original) ILIKE '%zorbex%' " +
            "FROM policymapping.policy_instruments WHERE status = 'published'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(
                reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetBoolean(6), reader.GetFieldValue<string[]>(7),
                reader.GetFieldValue<string[]>(8), reader.GetFieldValue<string[]>(9), reader.GetFieldValue<string[]>(10), reader.GetBoolean(11)));
        }
        return rows;
    }

    private static Dictionary<string, long> Facet(JsonElement page, string facet) =>
        page.GetProperty("facets").GetProperty(facet).EnumerateArray()
            .Where(f => f.GetProperty("count").GetInt64() > 0)
            .ToDictionary(f => f.GetProperty("code").GetString()!, f => f.GetProperty("count").GetInt64());

    private static Dictionary<string, long> Count(IEnumerable<Row> rows, Func<Row, IEnumerable<string>> codes) =>
        rows.SelectMany(codes).GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count());

    /// <summary>Every facet and every map of every filter, against the brute force over the rows as stored now.</summary>
    private async Task AssertEveryFilterMatchesTheRowsAsync(string when)
    {
        var all = await PublishedRowsAsync();
        foreach (var (query, holds) in Filters)
        {
            var rows = all.Where(holds).ToList();
            var page = await GetAsync(Anonymous, $"/api/policies/search?{query}&limit=1");
            var what = $"{when}, filter '{query}'";
            Assert.True(rows.Count == page.GetProperty("totalCount").GetInt64(), $"{what}: total");
            void Same(string facet, Func<Row, IEnumerable<string>> codes)
            {
                var expected = Count(rows, codes);
                var actual = Facet(page, facet);
                Assert.True(expected.OrderBy(e => e.Key, StringComparer.Ordinal).SequenceEqual(actual.OrderBy(a => a.Key, StringComparer.Ordinal)),
                    $"{what}: facet {facet} expected {string.Join(", ", expected.Select(e => $"{e.Key}={e.Value}"))} " +
                    $"but was {string.Join(", ", actual.Select(a => $"{a.Key}={a.Value}"))}");
            }
            Same("instrumentType", r => [r.Type]);
            Same("pineType", r => r.Pine is null ? [] : [r.Pine]);
            Same("valueChain", r => r.Chains);
            Same("rStrategy", r => r.Strategies);
            Same("materialCategory", r => r.Materials);
            Same("theme", r => r.Themes);
            Same("level", r => [r.Level]);
            Same("lifecycle", r => [r.Lifecycle]);
            Same("binding", r => [r.Binding ? "true" : "false"]);
            Same("country", r => r.Country is null ? [] : [r.Country]);

            // The maps of the same filter: per value chain and type, and per country and type.
            var byChain = await GetAsync(Anonymous, $"/api/policies/map?rows=value_chain&{query}");
            foreach (var item in byChain.GetProperty("items").EnumerateArray())
            {
                var chain = item.GetProperty("key").GetString()!;
                foreach (var type in Types)
                {
                    Assert.True(rows.Count(r => r.Type == type && r.Chains.Contains(chain)) == item.GetProperty("counts").GetProperty(type).GetInt64(),
                        $"{what}: map value_chain {chain} × {type}");
                }
            }
            var byCountry = await GetAsync(Anonymous, $"/api/policies/map?{query}");
            foreach (var item in byCountry.GetProperty("items").EnumerateArray())
            {
                // A country's row is keyed by its code, an organisation's by its member id.
                var key = item.GetProperty("key").GetString()!;
                foreach (var type in Types)
                {
                    Assert.True(rows.Count(r => r.Type == type && (r.Country ?? r.MemberId.ToString()) == key) == item.GetProperty("counts").GetProperty(type).GetInt64(),
                        $"{what}: map country {key} × {type}");
                }
            }
            Assert.Contains(byCountry.GetProperty("items").EnumerateArray(), i => i.GetProperty("key").GetString() == "CHL");
            var byRegion = await GetAsync(Anonymous, $"/api/policies/map?rows=region&{query}");
            foreach (var item in byRegion.GetProperty("items").EnumerateArray())
            {
                var region = item.GetProperty("key").GetString()!;
                foreach (var type in Types)
                {
                    Assert.True(rows.Count(r => r.Type == type && r.Country is { } c && RegionOf[c] == region) == item.GetProperty("counts").GetProperty(type).GetInt64(),
                        $"{what}: map region {region} × {type}");
                }
            }
        }

        // The kept map counts themselves (migration PublishedMapCounts), whichever filter reads them.
        Assert.Equal(
            Sorted(all.GroupBy(r => $"{r.MemberId}|{r.Country}|{r.Type}").Select(g => $"{g.Key}|{g.Count()}")),
            await KeptAsync("SELECT member_id::text || '|' || coalesce(country_iso3::text, '') || '|' || instrument_type || '|' || n FROM policymapping.published_map_members WHERE n > 0"));
        Assert.Equal(
            Sorted(all.SelectMany(r => r.Chains.Select(v => $"{v}|{r.Country}|{r.Type}")).GroupBy(k => k).Select(g => $"{g.Key}|{g.Count()}")),
            await KeptAsync("SELECT value_chain || '|' || coalesce(country_iso3::text, '') || '|' || instrument_type || '|' || n FROM policymapping.published_map_chains WHERE n > 0"));
        Assert.Equal(
            Sorted(all.SelectMany(r => r.Chains.Select(v => $"value_chain:{v}")).Concat(all.Select(_ => "total:"))
                .GroupBy(k => k).Select(g => $"{g.Key}|{g.Count()}")),
            await KeptAsync("SELECT key || '|' || n FROM policymapping.published_facet_counts WHERE n > 0 AND (key LIKE 'value_chain:%' OR key = 'total:')"));

        // The narrow copy for text (migration PublishedText): exactly the published rows, with their current columns and vector.
        const string NarrowColumns = "id::text || '|' || member_id || '|' || coalesce(country_iso3::text, '') || '|' || instrument_type || '|' || " +
                                     "value_chains::text || '|' || coalesce(search_vector::text, '')";
        var narrow = await KeptAsync($"SELECT {NarrowColumns} FROM policymapping.published_text");
        Assert.Equal(all.Count, narrow.Count);
        Assert.Equal(await KeptAsync($"SELECT {NarrowColumns} FROM policymapping.policy_instruments WHERE status = 'published'"), narrow);

        // A text search's pages (ranked over published_text) in the order of ranking the rows themselves, cursor included.
        foreach (var query in new[] { "q=zorbex%20law", "q=zorbex&instrumentType=economic_fiscal,regulatory_legal&region=019" })
        {
            var paged = new List<string>();
            string? cursor = null;
            do
            {
                var page = await GetAsync(Anonymous, $"/api/policies/search?{query}&limit=7" + (cursor is null ? "" : $"&after={Uri.EscapeDataString(cursor)}"));
                paged.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("instrumentId").GetString()!));
                cursor = page.GetProperty("nextCursor").GetString();
            }
            while (cursor is not null);
            var narrowed = query.Contains("region", StringComparison.Ordinal)
                ? " AND instrument_type IN ('economic_fiscal', 'regulatory_legal') AND country_iso3 IN ('CHL', 'PER')" : "";
            var text = query.Contains("law", StringComparison.Ordinal) ? "zorbex law" : "zorbex";
            var expected = await OrderedAsync(
                "SELECT id::text FROM policymapping.policy_instruments WHERE status = 'published' AND search_vector @@ " +
                $"(websearch_to_tsquery('english', '{text}') || websearch_to_tsquery('simple', '{text}')){narrowed} " +
                $"ORDER BY ts_rank_cd(search_vector, websearch_to_tsquery('english', '{text}') || websearch_to_tsquery('simple', '{text}')) DESC, id DESC");
            Assert.True(expected.Count > 7, $"{when}: {query} should span pages ({expected.Count} rows)");
            Assert.True(expected.SequenceEqual(paged), $"{when}: {query} pages in rank order");
        }
    }

    private async Task<List<string>> OrderedAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return lines;
    }

    private static List<string> Sorted(IEnumerable<string> lines) => [.. lines.Order(StringComparer.Ordinal)];

    private async Task<List<string>> KeptAsync(string sql) => Sorted(await OrderedAsync(sql));

    [Fact]
    public async Task Facet_counts_and_maps_equal_a_brute_force_count_for_several_filters_after_every_kind_of_write()
    {
        // One multi-row INSERT (the triggers' transition tables hold many rows, published and drafts, with and without a country).
        var published = await InsertRowsAsync(0, 240);
        var levy = await PublishedInstrumentAsync(Kenya, KenyanLevy());
        Assert.Equal(published + 1, (await PublishedRowsAsync()).Count);
        await AssertEveryFilterMatchesTheRowsAsync("after the load");

        // A publication through the API: every answer above was kept, and must move.
        var second = KenyanLevy("https://www.kra.go.ke/excise/2024");
        second["valueChains"] = new System.Text.Json.Nodes.JsonArray("textiles", "plastics");
        second["binding"] = false;
        await PublishedInstrumentAsync(Kenya, second);
        await AssertEveryFilterMatchesTheRowsAsync("after a publication");

        using var archival = await Secretariat.PostAsJsonAsync($"{Instruments}/{levy}/archival", new { reason = "Superseded." });
        archival.EnsureSuccessStatusCode();
        await AssertEveryFilterMatchesTheRowsAsync("after an archival");

        // A classification changed in place (by SQL, as a correction would): the generated keys follow the row.
        await ScalarAsync("UPDATE policymapping.policy_instruments SET themes = '{just_transition}', value_chains = '{other,plastics}', binding = NOT binding, " +
                          "summary = CASE WHEN summary LIKE '%zorbex%' THEN 'A law.' ELSE 'Zorbex, a law.' END " +
                          "WHERE status = 'published' AND instrument_type = 'economic_fiscal'");
        await AssertEveryFilterMatchesTheRowsAsync("after an update of classifications");

        // One statement that publishes drafts and unpublishes published rows, retypes them, and moves some to the organisation.
        await ScalarAsync("UPDATE policymapping.policy_instruments SET " +
                          "status = CASE status WHEN 'published' THEN 'draft' ELSE 'published' END, " +
                          "instrument_type = CASE instrument_type WHEN 'macro_policy' THEN 'information_education' ELSE instrument_type END, " +
                          $"member_id = CASE WHEN country_iso3 = 'PER' THEN '{Union}'::uuid ELSE member_id END, " +
                          "country_iso3 = CASE WHEN country_iso3 = 'PER' THEN NULL ELSE country_iso3 END " +
                          "WHERE source_url LIKE 'https://example.org/facets/2%'");
        await AssertEveryFilterMatchesTheRowsAsync("after a multi-row update of status, type and jurisdiction");

        // Binary COPY, as the import and the benchmark write.
        await CopyRowsAsync(1000, 60);
        await AssertEveryFilterMatchesTheRowsAsync("after a COPY");

        // Rows deleted (the search's kept totals for "everything" come down with them).
        await ScalarAsync("DELETE FROM policymapping.policy_instruments WHERE source_url LIKE 'https://example.org/facets/1%'");
        await AssertEveryFilterMatchesTheRowsAsync("after a delete");
    }
}
