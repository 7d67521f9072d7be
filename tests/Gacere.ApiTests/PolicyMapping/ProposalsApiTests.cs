using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Gacere.ApiTests.PolicyMapping;

/// <summary>
/// Barriers and gaps, research needs and indicators (issue 10, item 6) in process: focal points propose for their own
/// member, the secretariat curates with an append-only trail, the public reads and filters only what is published.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ProposalsApiTests(ServersFixture servers) : PolicyMappingApiTest(servers)
{
    private const string Barriers = "/api/policies/barriers";
    private const string ResearchNeeds = "/api/policies/research-needs";

    private static JsonObject KenyanMarketBarrier() => new()
    {
        ["title"] = "No market for recycled PET",
        ["description"] = "Recycled PET costs more than virgin resin, so collectors cannot sell what they gather.",
        ["type"] = "market",
        ["scope"] = "national",
        ["countries"] = new JsonArray("KEN"),
        ["valueChains"] = new JsonArray("plastics", "packaging"),
    };

    private static JsonObject AndeanDataGap() => new()
    {
        ["title"] = "No shared data on construction waste",
        ["description"] = "Andean countries count construction and demolition waste in incompatible ways.",
        ["type"] = "data_gap",
        ["scope"] = "regional",
        ["countries"] = new JsonArray("CHL", "PER"),
        ["valueChains"] = new JsonArray("construction_buildings"),
    };

    private static JsonObject MetricsNeed() => new()
    {
        ["title"] = "Comparable circularity metrics for construction",
        ["description"] = "No agreed way to measure the reuse of building materials across countries.",
        ["indicatorCodes"] = new JsonArray("circular-material-use-rate", "material-footprint"),
        ["countries"] = new JsonArray("CHL"),
        ["valueChains"] = new JsonArray("construction_buildings"),
    };

    [Fact]
    public async Task A_focal_point_proposes_the_secretariat_publishes_and_the_public_reads_and_filters_only_what_is_published()
    {
        using var kenya = FocalPoint(Kenya);
        using var chile = FocalPoint(Chile);
        var levy = await PublishedInstrumentAsync(Kenya, KenyanLevy());
        var kenyan = KenyanMarketBarrier();
        kenyan["instrumentIds"] = new JsonArray(levy.ToString());
        var proposed = await PostAsync(kenya, Barriers, kenyan, HttpStatusCode.Created);
        var kenyanId = proposed.GetProperty("barrierId").GetGuid();
        Assert.Equal(("proposed", "Government of Kenya", Kenya), (proposed.GetProperty("status").GetString(),
            proposed.GetProperty("proposerName").GetString(), proposed.GetProperty("proposerMemberId").GetGuid()));
        Assert.Equal([levy], proposed.GetProperty("instrumentIds").EnumerateArray().Select(i => i.GetGuid()));
        var andeanId = (await PostAsync(chile, Barriers, AndeanDataGap(), HttpStatusCode.Created)).GetProperty("barrierId").GetGuid();

        // Nothing is public before the secretariat publishes; the proposer and the secretariat see it, another member does not.
        Assert.Equal(0, (await GetAsync(Anonymous, Barriers)).GetProperty("totalCount").GetInt64());
        using (var hidden = await Anonymous.GetAsync($"{Barriers}/{kenyanId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }
        using (var foreign = await chile.GetAsync($"{Barriers}/{kenyanId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }
        await GetAsync(kenya, $"{Barriers}/{kenyanId}");
        Assert.Equal([kenyanId], Ids(await GetAsync(kenya, $"{Barriers}?status=proposed"), "barrierId"));
        Assert.Equal([andeanId, kenyanId], Ids(await GetAsync(Secretariat, $"{Barriers}?status=proposed"), "barrierId"));

        await PostAsync(Secretariat, $"{Barriers}/{kenyanId}/publication", null);
        await PostAsync(Secretariat, $"{Barriers}/{andeanId}/publication", new JsonObject { ["reason"] = "Confirmed by both focal points." });

        var all = await GetAsync(Anonymous, Barriers);
        Assert.Equal([andeanId, kenyanId], Ids(all, "barrierId"));
        Assert.Equal("published", (await GetAsync(Anonymous, $"{Barriers}/{kenyanId}")).GetProperty("status").GetString());
        Assert.Equal([kenyanId], Ids(await GetAsync(Anonymous, $"{Barriers}?country=KEN"), "barrierId"));
        Assert.Equal([kenyanId], Ids(await GetAsync(Anonymous, $"{Barriers}?region=002"), "barrierId"));
        Assert.Equal([andeanId], Ids(await GetAsync(Anonymous, $"{Barriers}?region=419"), "barrierId"));
        Assert.Equal([andeanId], Ids(await GetAsync(Anonymous, $"{Barriers}?valueChain=construction_buildings,textiles"), "barrierId"));
        Assert.Equal([kenyanId], Ids(await GetAsync(Anonymous, $"{Barriers}?type=market&scope=national"), "barrierId"));
        Assert.Empty(Ids(await GetAsync(Anonymous, $"{Barriers}?type=market&country=PER"), "barrierId"));
        var paged = await GetAsync(Anonymous, $"{Barriers}?pageSize=1&page=2");
        Assert.Equal((2L, 1), (paged.GetProperty("totalCount").GetInt64(), paged.GetProperty("items").GetArrayLength()));
        Assert.Equal([kenyanId], Ids(paged, "barrierId"));

        // Archiving takes it out of the public list; the trail keeps every step with who and why.
        await PostAsync(Secretariat, $"{Barriers}/{kenyanId}/archival", new JsonObject { ["reason"] = "Resolved by the 2026 EPR regulations." });
        Assert.Equal([andeanId], Ids(await GetAsync(Anonymous, Barriers), "barrierId"));
        var trail = (await GetAsync(kenya, $"{Barriers}/{kenyanId}/trail")).EnumerateArray().ToList();
        Assert.Equal(["propose", "publish", "archive"], trail.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["focal_point", "secretariat", "secretariat"], trail.Select(e => e.GetProperty("role").GetString()));
        Assert.Equal("Resolved by the 2026 EPR regulations.", trail[2].GetProperty("reason").GetString());
        using (var foreignTrail = await chile.GetAsync($"{Barriers}/{kenyanId}/trail"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreignTrail.StatusCode);
        }
    }

    [Fact]
    public async Task Proposals_are_refused_with_the_right_status_and_the_field_named()
    {
        using var kenya = FocalPoint(Kenya);
        using (var anonymous = await Anonymous.PostAsJsonAsync(Barriers, KenyanMarketBarrier()))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        var chilean = KenyanMarketBarrier();
        chilean["countries"] = new JsonArray("CHL");
        using (var foreignCountry = await kenya.PostAsJsonAsync(Barriers, chilean))
        {
            await RefusedAsync(foreignCountry, HttpStatusCode.Forbidden);
        }
        using (var peru = FocalPoint(Peru))
        using (var suspended = await peru.PostAsJsonAsync(ResearchNeeds, MetricsNeed()))
        {
            Assert.Contains("Government of Peru is suspended", await RefusedAsync(suspended, HttpStatusCode.Conflict));
        }
        var ghanaian = KenyanMarketBarrier();
        ghanaian["countries"] = new JsonArray("GHA");
        using (var ghana = FocalPoint(Ghana))
        using (var withdrawn = await ghana.PostAsJsonAsync(Barriers, ghanaian))
        {
            Assert.Contains("Government of Ghana is withdrawn", await RefusedAsync(withdrawn, HttpStatusCode.Conflict));
        }

        var bad = KenyanMarketBarrier();
        bad["scope"] = "regional";
        bad["countries"] = new JsonArray("KEN", "XXX");
        bad["instrumentIds"] = new JsonArray(Guid.NewGuid().ToString());
        using (var badBarrier = await kenya.PostAsJsonAsync(Barriers, bad))
        {
            Assert.Equal(["countries", "countries[1]", "instrumentIds[0]"], await ProblemFields(badBarrier));
        }
        var badType = KenyanMarketBarrier();
        badType["type"] = "bureaucracy";
        using (var unknownType = await kenya.PostAsJsonAsync(Barriers, badType))
        {
            Assert.Equal(["type"], await ProblemFields(unknownType));
        }
        var badNeed = MetricsNeed();
        badNeed["indicatorCodes"] = new JsonArray("material-footprint", "happiness-index");
        using (var unknownIndicator = await kenya.PostAsJsonAsync(ResearchNeeds, badNeed))
        {
            Assert.Equal(["indicatorCodes[1]"], await ProblemFields(unknownIndicator));
        }
        using (var badFilter = await Anonymous.GetAsync($"{Barriers}?type=bureaucracy&region=999&country=XXX&valueChain=spaceships"))
        {
            Assert.Equal(["country", "region", "type", "valueChain"], await ProblemFields(badFilter));
        }
        using (var notPublic = await Anonymous.GetAsync($"{ResearchNeeds}?status=proposed"))
        {
            Assert.Equal(["status"], await ProblemFields(notPublic));
        }

        // Curation: only the secretariat decides, a rejection says why, a rejected proposal cannot be published.
        var id = (await PostAsync(kenya, Barriers, KenyanMarketBarrier(), HttpStatusCode.Created)).GetProperty("barrierId").GetGuid();
        using (var selfPublished = await kenya.PostAsJsonAsync($"{Barriers}/{id}/publication", new JsonObject()))
        {
            await RefusedAsync(selfPublished, HttpStatusCode.Forbidden);
        }
        using (var silent = await Secretariat.PostAsJsonAsync($"{Barriers}/{id}/rejection", new JsonObject()))
        {
            Assert.Equal(["reason"], await ProblemFields(silent));
        }
        await PostAsync(Secretariat, $"{Barriers}/{id}/rejection", new JsonObject { ["reason"] = "Already recorded as a regional barrier." });
        using (var late = await Secretariat.PostAsJsonAsync($"{Barriers}/{id}/publication", new JsonObject()))
        {
            Assert.Contains("'rejected'", await RefusedAsync(late, HttpStatusCode.Conflict));
        }
        using (var missing = await Secretariat.PostAsJsonAsync($"{Barriers}/{Guid.NewGuid()}/publication", new JsonObject()))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        Assert.Equal("rejected", (await GetAsync(kenya, $"{Barriers}/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_research_need_links_indicators_and_its_progress_is_recorded_in_the_trail()
    {
        using var chile = FocalPoint(Chile);
        var proposed = await PostAsync(chile, ResearchNeeds, MetricsNeed(), HttpStatusCode.Created);
        var id = proposed.GetProperty("researchNeedId").GetGuid();
        Assert.Equal(("open", "proposed"), (proposed.GetProperty("progress").GetString(), proposed.GetProperty("status").GetString()));
        using (var early = await Secretariat.PostAsJsonAsync($"{ResearchNeeds}/{id}/progress", new JsonObject { ["progress"] = "in_progress" }))
        {
            await RefusedAsync(early, HttpStatusCode.Conflict);
        }
        var bySecretariat = await PostAsync(Secretariat, ResearchNeeds, new JsonObject
        {
            ["title"] = "Indicators for a just transition",
            ["description"] = "What share of informal waste pickers gain formal work under EPR schemes.",
        }, HttpStatusCode.Created);
        Assert.Equal("GACERE secretariat", bySecretariat.GetProperty("proposerName").GetString());
        Assert.Equal(JsonValueKind.Null, bySecretariat.GetProperty("proposerMemberId").ValueKind);

        await PostAsync(Secretariat, $"{ResearchNeeds}/{id}/publication", null);
        using (var byFocalPoint = await chile.PostAsJsonAsync($"{ResearchNeeds}/{id}/progress", new JsonObject { ["progress"] = "in_progress" }))
        {
            await RefusedAsync(byFocalPoint, HttpStatusCode.Forbidden);
        }
        var started = await PostAsync(Secretariat, $"{ResearchNeeds}/{id}/progress",
            new JsonObject { ["progress"] = "in_progress", ["reason"] = "UNEP IRP study commissioned." });
        Assert.Equal("in_progress", started.GetProperty("progress").GetString());
        using (var backwards = await Secretariat.PostAsJsonAsync($"{ResearchNeeds}/{id}/progress", new JsonObject { ["progress"] = "open" }))
        {
            Assert.Contains("'in_progress'", await RefusedAsync(backwards, HttpStatusCode.Conflict));
        }
        using (var unknown = await Secretariat.PostAsJsonAsync($"{ResearchNeeds}/{id}/progress", new JsonObject { ["progress"] = "finished" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        }

        // The public finds it by indicator, progress, country, region and value chain; the unpublished one not at all.
        Assert.Equal([id], Ids(await GetAsync(Anonymous, ResearchNeeds), "researchNeedId"));
        Assert.Equal([id], Ids(await GetAsync(Anonymous, $"{ResearchNeeds}?indicator=material-footprint"), "researchNeedId"));
        Assert.Empty(Ids(await GetAsync(Anonymous, $"{ResearchNeeds}?indicator=national-recycling-rate"), "researchNeedId"));
        Assert.Equal([id], Ids(await GetAsync(Anonymous, $"{ResearchNeeds}?progress=in_progress&country=CHL&region=419&valueChain=construction_buildings"), "researchNeedId"));
        Assert.Empty(Ids(await GetAsync(Anonymous, $"{ResearchNeeds}?progress=open"), "researchNeedId"));
        var shown = await GetAsync(Anonymous, $"{ResearchNeeds}/{id}");
        Assert.Equal(["circular-material-use-rate", "material-footprint"], shown.GetProperty("indicatorCodes").EnumerateArray().Select(c => c.GetString()));

        var trail = (await GetAsync(Secretariat, $"{ResearchNeeds}/{id}/trail")).EnumerateArray().ToList();
        Assert.Equal(["propose", "publish", "progress"], trail.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["open", "open", "in_progress"], trail.Select(e => e.GetProperty("progress").GetString()));
        Assert.Equal("UNEP IRP study commissioned.", trail[2].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_indicators_carry_the_SDG_codes_and_only_the_custodians_DOMAIN_md_states()
    {
        var indicators = (await GetAsync(Anonymous, "/api/policies/indicators")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("code").GetString()!);
        Assert.Equal(5, indicators.Count);
        string[] Sdg(string code) => [.. indicators[code].GetProperty("sdgCodes").EnumerateArray().Select(c => c.GetString()!)];
        Assert.Equal(["8.4.1", "12.2.1"], Sdg("material-footprint"));
        Assert.Equal(["8.4.2", "12.2.2"], Sdg("domestic-material-consumption"));
        Assert.Equal(["12.5.1"], Sdg("national-recycling-rate"));
        Assert.Empty(Sdg("resource-productivity"));
        Assert.Equal("Eurostat", indicators["circular-material-use-rate"].GetProperty("custodian").GetString());
        Assert.Equal(JsonValueKind.Null, indicators["material-footprint"].GetProperty("custodian").ValueKind);
    }

    [Fact]
    public async Task The_proposal_trail_refuses_updates_and_deletes_in_the_database()
    {
        using var kenya = FocalPoint(Kenya);
        await PostAsync(kenya, Barriers, KenyanMarketBarrier(), HttpStatusCode.Created);
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        foreach (var sql in (string[])["UPDATE policymapping.proposal_entries SET reason = 'rewritten'", "DELETE FROM policymapping.proposal_entries",
                     "TRUNCATE policymapping.proposal_entries"])
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM policymapping.proposal_entries"));
    }
}
