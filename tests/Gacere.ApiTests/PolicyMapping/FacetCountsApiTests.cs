using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Gacere.ApiTests.PolicyMapping;

/// <summary>
/// The search's facets come from one pass over <c>facet_keys</c> (a generated column, migration FacetKeys) and the
/// maps from index-only scans: their counts must equal a brute-force count over the very rows, for several filters,
/// and stay right after a publication and an archival (through the API) and rows written outside EF (SQL).
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

    /// <summary>One row as the brute force sees it.</summary>
    private sealed record Row(
        string? Country, string Type, string? Pine, string Level, string Lifecycle, bool Binding,
        string[] Chains, string[] Strategies, string[] Materials, string[] Themes);

    /// <summary>The query string, and the same filter as a predicate over rows.</summary>
    private static readonly (string Query, Func<Row, bool> Holds)[] Filters =
    [
        ("", _ => true),
        ("instrumentType=economic_fiscal", r => r.Type == "economic_fiscal"),
        ("valueChain=plastics,textiles&binding=false", r => !r.Binding && (r.Chains.Contains("plastics") || r.Chains.Contains("textiles"))),
        ("country=CHL,KEN&theme=just_transition", r => r.Country is "CHL" or "KEN" && r.Themes.Contains("just_transition")),
        ("level=national&lifecycle=in_force,adopted&materialCategory=biomass",
            r => r.Level == "national" && r.Lifecycle is "in_force" or "adopted" && r.Materials.Contains("biomass")),
        ("pineType=tax,deposit_refund&rStrategy=recycle", r => r.Pine is "tax" or "deposit_refund" && r.Strategies.Contains("recycle")),
    ];

    /// <summary>
    /// Rows written straight into the table (as the import's and the benchmark's COPY do): varied classifications,
    /// published and not, over three members. Returns how many are published.
    /// </summary>
    private async Task<long> InsertRowsAsync(int count)
    {
        static string Codes(string[] codes, int i, int n) => "{" + string.Join(',', Enumerable.Range(0, n).Select(k => codes[(i * 7 + k * 3) % codes.Length]).Distinct()) + "}";
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection);
        var members = new[] { (Chile, "CHL"), (Kenya, "KEN"), (Peru, "PER") };
        long published = 0;
        for (var i = 0; i < count; i++)
        {
            var (member, country) = members[i % members.Length];
            var type = Types[i * 3 % Types.Length];
            var status = i % 4 == 3 ? "draft" : "published";
            published += status == "published" ? 1 : 0;
            var command = new NpgsqlBatchCommand(
                "INSERT INTO policymapping.policy_instruments (id, member_id, country_iso3, jurisdiction_name, level, title_original, title_english, " +
                "original_language, summary, lifecycle, binding, source_url, instrument_type, pine_type, value_chains, r_strategies, " +
                "material_categories, themes, indicator_codes, status, created_at, updated_at, published_at) VALUES " +
                "(@id, @member, @country, @country, @level, 'Ley', 'Law', 'es', 'A law.', @lifecycle, @binding, @url, @type, @pine, " +
                "@chains::text[], @strategies::text[], @materials::text[], @themes::text[], '{}', @status, now(), now(), now())");
            command.Parameters.AddWithValue("id", Guid.CreateVersion7());
            command.Parameters.AddWithValue("member", member);
            command.Parameters.AddWithValue("country", country);
            command.Parameters.AddWithValue("level", Levels[i % Levels.Length]);
            command.Parameters.AddWithValue("lifecycle", Lifecycles[i * 5 % Lifecycles.Length]);
            command.Parameters.AddWithValue("binding", i % 3 == 0);
            command.Parameters.AddWithValue("url", $"https://example.org/facets/{i}");
            command.Parameters.AddWithValue("type", type);
            command.Parameters.AddWithValue("pine", type == "economic_fiscal" ? Pines[i % Pines.Length] : DBNull.Value);
            command.Parameters.AddWithValue("chains", Codes(Chains, i, 1 + i % 3));
            command.Parameters.AddWithValue("strategies", Codes(Strategies, i, 1 + i % 4));
            command.Parameters.AddWithValue("materials", Codes(Materials, i, i % 3));
            command.Parameters.AddWithValue("themes", Codes(Themes, i, 1 + i % 2));
            command.Parameters.AddWithValue("status", status);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
        return published;
    }

    /// <summary>Every published row, read plainly (no facet_keys).</summary>
    private async Task<List<Row>> PublishedRowsAsync()
    {
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT country_iso3::text, instrument_type, pine_type, level, lifecycle, binding, value_chains, r_strategies, material_categories, themes " +
            "FROM policymapping.policy_instruments WHERE status = 'published'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(
                reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.GetBoolean(5), reader.GetFieldValue<string[]>(6),
                reader.GetFieldValue<string[]>(7), reader.GetFieldValue<string[]>(8), reader.GetFieldValue<string[]>(9)));
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
                var country = item.GetProperty("key").GetString()!;
                foreach (var type in Types)
                {
                    Assert.True(rows.Count(r => r.Type == type && r.Country == country) == item.GetProperty("counts").GetProperty(type).GetInt64(),
                        $"{what}: map country {country} × {type}");
                }
            }
        }
    }

    [Fact]
    public async Task Facet_counts_and_maps_equal_a_brute_force_count_for_several_filters_and_after_a_publication_an_archival_an_update_and_a_delete()
    {
        var published = await InsertRowsAsync(240);
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
        await ScalarAsync("UPDATE policymapping.policy_instruments SET themes = '{just_transition}', value_chains = '{other,plastics}', binding = NOT binding " +
                          "WHERE status = 'published' AND instrument_type = 'economic_fiscal'");
        await AssertEveryFilterMatchesTheRowsAsync("after an update of classifications");

        // Rows deleted (the search's kept totals for "everything" come down with them).
        await ScalarAsync("DELETE FROM policymapping.policy_instruments WHERE source_url LIKE 'https://example.org/facets/1%'");
        await AssertEveryFilterMatchesTheRowsAsync("after a delete");
    }
}
