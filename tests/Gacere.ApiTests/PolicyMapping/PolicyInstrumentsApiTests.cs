extern alias policymapping;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gacere.DevHost;
using Gacere.MemberReplica;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PolicyMappingDbContext = policymapping::Gacere.PolicyMapping.Data.PolicyMappingDbContext;

namespace Gacere.ApiTests.PolicyMapping;

/// <summary>
/// Policy instruments in process on a fresh database per test: drafting and curation with its trail and its
/// refusals (403, 409, 400 naming the field), then what the public sees: search, facets, the map, the export.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class PolicyInstrumentsApiTests(ServersFixture servers) : IAsyncLifetime
{
    private const string Instruments = "/api/policies/instruments";

    private static readonly Guid Chile = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    private static readonly Guid Kenya = Guid.Parse("0193a000-0000-7000-8000-000000000002");
    private static readonly Guid Peru = Guid.Parse("0193a000-0000-7000-8000-000000000003");
    private static readonly Guid EuropeanUnion = Guid.Parse("0193a000-0000-7000-8000-000000000004");
    private static readonly Guid Ghana = Guid.Parse("0193a000-0000-7000-8000-000000000005");
    private static readonly Guid KenyanBusiness = Guid.Parse("0193a000-0000-7000-8000-000000000006");

    private ServiceFactory<policymapping::Program> _service = null!;
    private HttpClient _anonymous = null!;
    private HttpClient _secretariat = null!;

    public async Task InitializeAsync()
    {
        _service = await ServiceFactory<policymapping::Program>.CreateAsync(servers, ResourceNames.PolicyMappingDatabase);
        _anonymous = _service.CreateClient();
        _secretariat = _service.CreateClient(GacereRoles.Secretariat);
        await using var scope = _service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolicyMappingDbContext>();
        db.Set<ReplicatedMember>().AddRange(
            Member(Chile, "Government of Chile", "national_government", "CHL", "active"),
            Member(Kenya, "Government of Kenya", "national_government", "KEN", "active"),
            Member(Peru, "Government of Peru", "national_government", "PER", "suspended"),
            Member(EuropeanUnion, "European Union", "regional_economic_integration_org", null, "active"),
            Member(Ghana, "Government of Ghana", "national_government", "GHA", "withdrawn"),
            Member(KenyanBusiness, "Nairobi Recyclers Ltd", "business", "KEN", "active"));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        _anonymous.Dispose();
        _secretariat.Dispose();
        await _service.DisposeAsync();
    }

    private static ReplicatedMember Member(Guid id, string name, string orgType, string? country, string status) => new()
    {
        MemberId = id, OrganisationName = name, OrgType = orgType, CountryIso3 = country, Category = "member",
        Status = status, EffectiveDate = new DateOnly(2021, 2, 22), Version = 1, UpdatedAt = DateTimeOffset.UtcNow,
    };

    private HttpClient FocalPoint(Guid memberId) => _service.CreateClient(GacereRoles.FocalPoint, memberId);

    /// <summary>Chile's law on extended producer responsibility, in Spanish with its English title.</summary>
    private static JsonObject ChileanLaw() => new()
    {
        ["countryIso3"] = "CHL",
        ["level"] = "national",
        ["titleOriginal"] = "Ley marco para la gestión de residuos, la responsabilidad extendida del productor y fomento al reciclaje",
        ["titleEnglish"] = "Framework law on waste management, extended producer responsibility and promotion of recycling",
        ["originalLanguage"] = "es",
        ["summary"] = "Sets collection and recovery targets for packaging, tyres and electronics producers.",
        ["summaryOriginal"] = "Establece metas de recolección y valorización de envases, neumáticos y aparatos eléctricos.",
        ["adoptedOn"] = "2016-05-17",
        ["inForceOn"] = "2016-06-01",
        ["lifecycle"] = "in_force",
        ["binding"] = true,
        ["sourceUrl"] = "https://www.bcn.cl/leychile/navegar?idNorma=1090894",
        ["instrumentType"] = "regulatory_legal",
        ["valueChains"] = new JsonArray("packaging", "electronics_ict"),
        ["rStrategies"] = new JsonArray("recycle", "recover"),
        ["materialCategories"] = new JsonArray("non_metallic_minerals"),
        ["themes"] = new JsonArray("circular_economy"),
        ["indicatorCodes"] = new JsonArray("national-recycling-rate"),
    };

    private static JsonObject KenyanLevy() => new()
    {
        ["countryIso3"] = "KEN",
        ["level"] = "national",
        ["titleOriginal"] = "Plastic bag excise levy",
        ["titleEnglish"] = "Plastic bag excise levy",
        ["originalLanguage"] = "en",
        ["summary"] = "An excise duty on plastic carrier bags that funds municipal collection.",
        ["adoptedOn"] = "2017-08-28",
        ["lifecycle"] = "adopted",
        ["binding"] = true,
        ["sourceUrl"] = "https://www.kra.go.ke/excise",
        ["instrumentType"] = "economic_fiscal",
        ["pineType"] = "tax",
        ["valueChains"] = new JsonArray("plastics"),
        ["themes"] = new JsonArray("circular_economy", "just_transition"),
    };

    private static JsonObject EuropeanStrategy() => new()
    {
        ["organisationId"] = EuropeanUnion,
        ["level"] = "supranational",
        ["titleOriginal"] = "EU Strategy for Sustainable and Circular Textiles",
        ["titleEnglish"] = "EU Strategy for Sustainable and Circular Textiles",
        ["originalLanguage"] = "en",
        ["summary"] = "A strategy for durable, repairable and recyclable textiles placed on the EU market.",
        ["lifecycle"] = "proposed",
        ["binding"] = false,
        ["sourceUrl"] = "https://environment.ec.europa.eu/strategy/textiles-strategy_en",
        ["instrumentType"] = "macro_policy",
        ["valueChains"] = new JsonArray("textiles"),
        ["rStrategies"] = new JsonArray("repair", "reuse"),
    };

    private static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == expected, await Responses.Describe(response));
        return await Responses.JsonAsync(response);
    }

    private async Task<Guid> DraftAsync(HttpClient client, JsonObject input)
    {
        using var created = await client.PostAsJsonAsync(Instruments, input);
        return (await Ok(created, HttpStatusCode.Created)).GetProperty("instrumentId").GetGuid();
    }

    private async Task<JsonElement> StepAsync(HttpClient client, Guid id, string step, string? reason = null)
    {
        using var response = await client.PostAsJsonAsync($"{Instruments}/{id}/{step}", new JsonObject { ["reason"] = reason });
        return await Ok(response);
    }

    private async Task<Guid> PublishedAsync(Guid member, JsonObject input)
    {
        using var focalPoint = FocalPoint(member);
        var id = await DraftAsync(focalPoint, input);
        await StepAsync(focalPoint, id, "submission");
        await StepAsync(_secretariat, id, "validation");
        await StepAsync(_secretariat, id, "publication");
        return id;
    }

    private async Task<JsonElement> SearchAsync(string query)
    {
        using var response = await _anonymous.GetAsync($"/api/policies/search?{query}");
        return await Ok(response);
    }

    private static Dictionary<string, long> Facet(JsonElement page, string facet) =>
        page.GetProperty("facets").GetProperty(facet).EnumerateArray().ToDictionary(f => f.GetProperty("code").GetString()!, f => f.GetProperty("count").GetInt64());

    private static async Task<string[]> ProblemFields(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        Assert.True(response.StatusCode == expected, await Responses.Describe(response));
        var problem = await Responses.ProblemAsync(response);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name)];
    }

    [Fact]
    public async Task A_focal_point_drafts_and_submits_the_secretariat_validates_and_publishes_and_the_trail_keeps_every_step()
    {
        using var chile = FocalPoint(Chile);

        using var created = await chile.PostAsJsonAsync(Instruments, ChileanLaw());
        var draft = await Ok(created, HttpStatusCode.Created);
        var id = draft.GetProperty("instrumentId").GetGuid();
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Equal("CHL", draft.GetProperty("countryIso3").GetString());
        Assert.Equal("Chile", draft.GetProperty("jurisdiction").GetString());
        Assert.Equal(Chile, draft.GetProperty("memberId").GetGuid());
        Assert.Equal(["electronics_ict", "packaging"], draft.GetProperty("valueChains").EnumerateArray().Select(v => v.GetString()!).ToArray());
        Assert.Equal("2016-05-17", draft.GetProperty("adoptedOn").GetString());
        Assert.Equal("national-recycling-rate", Assert.Single(draft.GetProperty("indicatorCodes").EnumerateArray()).GetString());

        // Not public until published.
        using (var hidden = await _anonymous.GetAsync($"{Instruments}/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        await StepAsync(chile, id, "submission");
        await StepAsync(_secretariat, id, "validation");
        using (var stillHidden = await _anonymous.GetAsync($"{Instruments}/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, stillHidden.StatusCode);
        }
        var published = await StepAsync(_secretariat, id, "publication");
        Assert.Equal("published", published.GetProperty("status").GetString());

        using var shown = await _anonymous.GetAsync($"{Instruments}/{id}");
        Assert.Equal("published", (await Ok(shown)).GetProperty("status").GetString());

        using var trailResponse = await chile.GetAsync($"{Instruments}/{id}/trail");
        var trail = (await Ok(trailResponse)).EnumerateArray().ToList();
        Assert.Equal(["create", "submit", "validate", "publish"], trail.Select(e => e.GetProperty("action").GetString()!).ToArray());
        Assert.Equal(["draft", "submitted", "validated", "published"], trail.Select(e => e.GetProperty("to").GetString()!).ToArray());
        Assert.Equal(["focal_point", "focal_point", "secretariat", "secretariat"], trail.Select(e => e.GetProperty("role").GetString()!).ToArray());
        Assert.Equal(JsonValueKind.Null, trail[0].GetProperty("from").ValueKind);
    }

    [Fact]
    public async Task A_focal_point_records_only_its_own_jurisdiction_and_a_business_member_records_none()
    {
        using var kenya = FocalPoint(Kenya);
        using var chile = FocalPoint(Chile);
        using var business = FocalPoint(KenyanBusiness);

        using (var forChile = await kenya.PostAsJsonAsync(Instruments, ChileanLaw()))
        {
            Assert.True(forChile.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(forChile));
            Assert.Equal("Not your jurisdiction.", (await Responses.ProblemAsync(forChile)).GetProperty("title").GetString());
        }
        using (var forKenya = await business.PostAsJsonAsync(Instruments, KenyanLevy()))
        {
            Assert.True(forKenya.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(forKenya));
        }

        var chilean = await DraftAsync(chile, ChileanLaw());
        using (var submitted = await kenya.PostAsJsonAsync($"{Instruments}/{chilean}/submission", new JsonObject()))
        {
            Assert.True(submitted.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(submitted));
        }
        using (var revised = await kenya.PutAsJsonAsync($"{Instruments}/{chilean}", ChileanLaw()))
        {
            Assert.True(revised.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(revised));
        }
        using (var trail = await kenya.GetAsync($"{Instruments}/{chilean}/trail"))
        {
            Assert.True(trail.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(trail));
        }
        using (var read = await kenya.GetAsync($"{Instruments}/{chilean}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }

        // Nothing of Kenya's attempts was stored: Chile's draft is unchanged and still a draft.
        using var own = await chile.GetAsync($"{Instruments}/{chilean}");
        Assert.Equal("draft", (await Ok(own)).GetProperty("status").GetString());

        // A focal point that names no jurisdiction records for its own member.
        var withoutJurisdiction = KenyanLevy();
        withoutJurisdiction.Remove("countryIso3");
        using var implicitKenya = await kenya.PostAsJsonAsync(Instruments, withoutJurisdiction);
        Assert.Equal("KEN", (await Ok(implicitKenya, HttpStatusCode.Created)).GetProperty("countryIso3").GetString());
    }

    [Fact]
    public async Task A_suspended_or_withdrawn_member_cannot_draft_or_submit_and_its_drafts_are_kept()
    {
        using var peru = FocalPoint(Peru);
        var peruvian = ChileanLaw();
        peruvian["countryIso3"] = "PER";
        using (var drafted = await peru.PostAsJsonAsync(Instruments, peruvian))
        {
            Assert.True(drafted.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(drafted));
            Assert.Contains("suspended", (await Responses.ProblemAsync(drafted)).GetProperty("detail").GetString());
        }

        using var kenya = FocalPoint(Kenya);
        var id = await DraftAsync(kenya, KenyanLevy());
        await SetMemberStatusAsync(Kenya, "withdrawn");

        using (var submitted = await kenya.PostAsJsonAsync($"{Instruments}/{id}/submission", new JsonObject()))
        {
            Assert.True(submitted.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(submitted));
            Assert.Contains("withdrawn", (await Responses.ProblemAsync(submitted)).GetProperty("detail").GetString());
        }
        using (var bySecretariat = await _secretariat.PostAsJsonAsync($"{Instruments}/{id}/submission", new JsonObject()))
        {
            Assert.True(bySecretariat.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(bySecretariat));
        }
        using var frozen = await _secretariat.GetAsync($"{Instruments}/{id}");
        Assert.Equal("draft", (await Ok(frozen)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Illegal_steps_are_409_secretariat_steps_are_403_for_a_focal_point_and_a_rejection_needs_a_reason()
    {
        using var chile = FocalPoint(Chile);
        var id = await DraftAsync(chile, ChileanLaw());

        using (var publishDraft = await _secretariat.PostAsJsonAsync($"{Instruments}/{id}/publication", new JsonObject()))
        {
            Assert.True(publishDraft.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(publishDraft));
            Assert.Contains("'draft'", (await Responses.ProblemAsync(publishDraft)).GetProperty("detail").GetString());
        }
        await StepAsync(chile, id, "submission");
        using (var selfValidated = await chile.PostAsJsonAsync($"{Instruments}/{id}/validation", new JsonObject()))
        {
            Assert.True(selfValidated.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(selfValidated));
        }
        using (var submittedTwice = await chile.PostAsJsonAsync($"{Instruments}/{id}/submission", new JsonObject()))
        {
            Assert.True(submittedTwice.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(submittedTwice));
        }
        using (var revisedAfterSubmission = await chile.PutAsJsonAsync($"{Instruments}/{id}", ChileanLaw()))
        {
            Assert.True(revisedAfterSubmission.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(revisedAfterSubmission));
        }
        using (var rejectedSilently = await _secretariat.PostAsJsonAsync($"{Instruments}/{id}/rejection", new JsonObject()))
        {
            Assert.Equal(["reason"], await ProblemFields(rejectedSilently));
        }

        var rejected = await StepAsync(_secretariat, id, "rejection", "The source URL points to a draft bill, not the law.");
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        await StepAsync(chile, id, "redraft");
        var fixedLaw = ChileanLaw();
        fixedLaw["sourceUrl"] = "https://www.bcn.cl/leychile/navegar?idNorma=1090894&v=final";
        using (var revised = await chile.PutAsJsonAsync($"{Instruments}/{id}", fixedLaw))
        {
            Assert.EndsWith("v=final", (await Ok(revised)).GetProperty("sourceUrl").GetString());
        }

        using var trailResponse = await _secretariat.GetAsync($"{Instruments}/{id}/trail");
        var trail = (await Ok(trailResponse)).EnumerateArray().ToList();
        Assert.Equal(["create", "submit", "reject", "redraft", "revise"], trail.Select(e => e.GetProperty("action").GetString()!).ToArray());
        Assert.Equal("The source URL points to a draft bill, not the law.", trail[2].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_every_wrong_field_and_nothing_is_stored()
    {
        using var chile = FocalPoint(Chile);
        var bad = ChileanLaw();
        bad["originalLanguage"] = "xx";
        bad["sourceUrl"] = "ftp://example.org/law";
        bad["level"] = "supranational";
        bad["inForceOn"] = "2015-01-01";
        bad["indicatorCodes"] = new JsonArray("no-such-indicator");
        bad.Remove("titleEnglish");

        using (var response = await chile.PostAsJsonAsync(Instruments, bad))
        {
            var fields = await ProblemFields(response);
            Assert.Contains("TitleEnglish", fields, StringComparer.OrdinalIgnoreCase);
        }
        bad["titleEnglish"] = "Framework law";
        using (var response = await chile.PostAsJsonAsync(Instruments, bad))
        {
            Assert.Equal(["inForceOn", "indicatorCodes[0]", "level", "originalLanguage", "sourceUrl"],
                (await ProblemFields(response)).Order(StringComparer.Ordinal).ToArray());
        }

        var unknownCode = ChileanLaw();
        unknownCode["valueChains"] = new JsonArray("packaging", "spaceships");
        using (var response = await chile.PostAsJsonAsync(Instruments, unknownCode))
        {
            Assert.Equal(["valueChains[1]"], await ProblemFields(response));
        }
        var notMember = ChileanLaw();
        notMember["countryIso3"] = "ARG";
        using (var response = await _secretariat.PostAsJsonAsync(Instruments, notMember))
        {
            Assert.Equal(["countryIso3"], await ProblemFields(response));
        }

        await using var connection = new NpgsqlConnection(_service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM policymapping.policy_instruments", connection);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task The_public_search_finds_published_instruments_in_both_languages_with_facets_filters_and_stable_pages()
    {
        var chilean = await PublishedAsync(Chile, ChileanLaw());
        var kenyan = await PublishedAsync(Kenya, KenyanLevy());
        var european = await PublishedAsync(EuropeanUnion, EuropeanStrategy());
        using var chile = FocalPoint(Chile);
        var draftOnly = ChileanLaw();
        draftOnly["titleEnglish"] = "Unpublished recycling decree";
        draftOnly["sourceUrl"] = "https://www.bcn.cl/leychile/navegar?idNorma=1";
        await DraftAsync(chile, draftOnly);

        // English words with stemming, and Spanish words of the original title.
        var english = await SearchAsync("q=producers");
        Assert.Equal(chilean, Assert.Single(english.GetProperty("items").EnumerateArray()).GetProperty("instrumentId").GetGuid());
        var spanish = await SearchAsync("q=neumáticos");
        Assert.Equal(chilean, Assert.Single(spanish.GetProperty("items").EnumerateArray()).GetProperty("instrumentId").GetGuid());
        Assert.Equal(0, (await SearchAsync("q=unpublished")).GetProperty("totalCount").GetInt64());

        var all = await SearchAsync("");
        Assert.Equal(3, all.GetProperty("totalCount").GetInt64());
        var types = Facet(all, "instrumentType");
        Assert.Equal(new Dictionary<string, long>
        {
            ["macro_policy"] = 1, ["regulatory_legal"] = 1, ["economic_fiscal"] = 1, ["voluntary_self_regulation"] = 0, ["information_education"] = 0,
        }, types);
        Assert.Equal(1, Facet(all, "valueChain")["plastics"]);
        Assert.Equal(1, Facet(all, "valueChain")["packaging"]);
        Assert.Equal(0, Facet(all, "valueChain")["batteries_vehicles"]);
        Assert.Equal(2, Facet(all, "theme")["circular_economy"]);
        Assert.Equal(2, Facet(all, "binding")["true"]);
        Assert.Equal(1, Facet(all, "pineType")["tax"]);
        Assert.Equal(1, Facet(all, "level")["supranational"]);
        Assert.Equal(new Dictionary<string, long> { ["CHL"] = 1, ["KEN"] = 1 }, Facet(all, "country"));
        Assert.Equal(1, Facet(all, "region")["019"]);
        Assert.Equal(1, Facet(all, "region")["002"]);

        // Filters: facet counts follow the filter.
        var binding = await SearchAsync("binding=true&valueChain=plastics,packaging");
        Assert.Equal(2, binding.GetProperty("totalCount").GetInt64());
        Assert.Equal(0, Facet(binding, "instrumentType")["macro_policy"]);
        var latinAmerica = await SearchAsync("region=419");
        Assert.Equal(chilean, Assert.Single(latinAmerica.GetProperty("items").EnumerateArray()).GetProperty("instrumentId").GetGuid());
        var fiscal = await SearchAsync("instrumentType=economic_fiscal&country=ken");
        Assert.Equal(kenyan, Assert.Single(fiscal.GetProperty("items").EnumerateArray()).GetProperty("instrumentId").GetGuid());
        var adopted = await SearchAsync("adoptedFrom=2017-01-01&adoptedTo=2017-12-31");
        Assert.Equal(kenyan, Assert.Single(adopted.GetProperty("items").EnumerateArray()).GetProperty("instrumentId").GetGuid());

        // Keyset pages: every instrument once, newest first.
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await SearchAsync($"limit=1{(cursor is null ? "" : $"&after={cursor}")}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("instrumentId").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal([european, kenyan, chilean], seen);

        // Archived instruments leave the public answers, and the counts follow.
        await StepAsync(_secretariat, kenyan, "archival", "Repealed by the 2024 Finance Act.");
        var afterArchive = await SearchAsync("");
        Assert.Equal(2, afterArchive.GetProperty("totalCount").GetInt64());
        Assert.Equal(0, Facet(afterArchive, "instrumentType")["economic_fiscal"]);
        Assert.Equal(0, (await SearchAsync("q=levy")).GetProperty("totalCount").GetInt64());
    }

    [Theory]
    [InlineData("instrumentType=regulatory", "instrumentType")]
    [InlineData("valueChain=packaging,spaceships", "valueChain")]
    [InlineData("country=XXX", "country")]
    [InlineData("region=999", "region")]
    [InlineData("status=draft", "status")]
    [InlineData("adoptedFrom=2020-01-01&adoptedTo=2019-01-01", "adoptedTo")]
    [InlineData("after=not-a-cursor", "after")]
    [InlineData("q=plastic%00bags", "q")]
    [InlineData("indicator=a%00b", "indicator")]
    [InlineData("limit=1000", "Limit")]
    [InlineData("adoptedFrom=yesterday", "adoptedFrom")]
    public async Task A_bad_search_parameter_is_a_400_naming_it(string query, string field)
    {
        using var response = await _anonymous.GetAsync($"/api/policies/search?{query}");

        Assert.Contains(field, await ProblemFields(response), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_map_counts_instruments_per_member_and_type_and_shows_every_gap()
    {
        await PublishedAsync(Chile, ChileanLaw());
        await PublishedAsync(Kenya, KenyanLevy());
        var secondChilean = ChileanLaw();
        secondChilean["titleEnglish"] = "Extended producer responsibility decree for tyres";
        secondChilean["sourceUrl"] = "https://www.bcn.cl/leychile/navegar?idNorma=1140596";
        await PublishedAsync(Chile, secondChilean);

        using var response = await _anonymous.GetAsync("/api/policies/map");
        var map = await Ok(response);
        Assert.Equal("country", map.GetProperty("rows").GetString());
        var rows = map.GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        // Every member jurisdiction that is not withdrawn has a row, instruments or not; Ghana has left.
        Assert.Equal([EuropeanUnion.ToString(), "CHL", "KEN", "PER"], rows.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(2, rows["CHL"].GetProperty("counts").GetProperty("regulatory_legal").GetInt64());
        Assert.Equal(0, rows["CHL"].GetProperty("counts").GetProperty("economic_fiscal").GetInt64());
        Assert.Contains("economic_fiscal", rows["CHL"].GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(5, rows["PER"].GetProperty("missing").GetArrayLength());
        Assert.Equal(3, map.GetProperty("totals").EnumerateObject().Sum(t => t.Value.GetInt64()));

        using var byRegion = await _anonymous.GetAsync("/api/policies/map?rows=region&instrumentType=regulatory_legal");
        var regions = (await Ok(byRegion)).GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        Assert.Equal(2, regions["019"].GetProperty("total").GetInt64());
        Assert.Equal(0, regions["002"].GetProperty("total").GetInt64());

        using var byValueChain = await _anonymous.GetAsync("/api/policies/map?rows=value_chain");
        var chains = (await Ok(byValueChain)).GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        Assert.Equal(8, chains.Count);
        Assert.Equal(1, chains["plastics"].GetProperty("counts").GetProperty("economic_fiscal").GetInt64());
        Assert.Equal(0, chains["textiles"].GetProperty("total").GetInt64());

        using var badRows = await _anonymous.GetAsync("/api/policies/map?rows=planet");
        Assert.Equal(["rows"], await ProblemFields(badRows));
    }

    [Fact]
    public async Task A_kept_answer_changes_with_the_first_publication_archival_or_member_change_after_it()
    {
        async Task<long> TotalAsync()
        {
            using var response = await _anonymous.GetAsync("/api/policies/search?valueChain=packaging,plastics");
            return (await Ok(response)).GetProperty("totalCount").GetInt64();
        }
        async Task<string[]> MapRowsAsync()
        {
            using var response = await _anonymous.GetAsync("/api/policies/map");
            return [.. (await Ok(response)).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("key").GetString()!).Order(StringComparer.Ordinal)];
        }

        var levy = await PublishedAsync(Kenya, KenyanLevy());
        Assert.Equal(1, await TotalAsync());
        Assert.Equal(1, await TotalAsync()); // the same question again: the kept answer
        Assert.Contains("KEN", await MapRowsAsync());

        await PublishedAsync(Chile, ChileanLaw());
        Assert.Equal(2, await TotalAsync());

        await StepAsync(_secretariat, levy, "archival", "Superseded by the 2024 levy.");
        Assert.Equal(1, await TotalAsync());

        // The map's rows come from the replica: a member that leaves leaves the kept map too.
        await SetMemberStatusAsync(Kenya, "withdrawn");
        Assert.DoesNotContain("KEN", await MapRowsAsync());

        // A draft is not public: the kept answer stays (and stays right).
        using var chile = FocalPoint(Chile);
        var draft = ChileanLaw();
        draft["sourceUrl"] = "https://www.bcn.cl/leychile/navegar?idNorma=1";
        await DraftAsync(chile, draft);
        Assert.Equal(1, await TotalAsync());
    }

    [Fact]
    public async Task The_csv_export_is_utf8_with_a_header_iso_dates_and_one_row_per_published_instrument()
    {
        await PublishedAsync(Chile, ChileanLaw());
        await PublishedAsync(Kenya, KenyanLevy());

        using var response = await _anonymous.GetAsync("/api/policies/export.csv?country=CHL");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await Responses.Describe(response));
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("instrument_id,member_id,country_iso3,jurisdiction,level,title_original", lines[0]);
        Assert.Contains("CHL,Chile,national,\"Ley marco para la gestión de residuos, la responsabilidad", lines[1]);
        Assert.Contains(",2016-05-17,2016-06-01,in_force,true,", lines[1]);
        Assert.Contains(",electronics_ict;packaging,recycle;recover,", lines[1]);
    }

    private const string ImportHeader =
        "country_iso3,member_id,level,title_original,title_english,original_language,summary,adopted_on,in_force_on,lifecycle,binding,source_url,instrument_type,value_chains,themes\r\n";

    private async Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv) =>
        await client.PostAsync($"{Instruments}/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private async Task<long> StoredInstrumentsAsync()
    {
        await using var connection = new NpgsqlConnection(_service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM policymapping.policy_instruments", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task An_import_with_bad_rows_stores_nothing_and_names_every_row_and_field()
    {
        var csv = ImportHeader +
            "CHL,,national,Ley 1,Law one on packaging,es,Packaging targets for producers.,2020-01-01,2020-02-01,in_force,true,https://example.cl/1,regulatory_legal,packaging,circular_economy\r\n" +
            "KEN,,regional,Levy,Plastic levy,en,A levy on plastic bags.,2020-13-01,,adopted,maybe,https://example.ke/1,economic_fiscal,plastics;spaceships,\r\n" +
            "ARG,,national,Ley,Argentine law,es,Not a member country here.,2020-01-01,,adopted,true,https://example.ar/1,regulatory_legal,,\r\n";

        using var response = await ImportAsync(_secretariat, csv);

        var fields = await ProblemFields(response);
        Assert.Equal(["rows[3].adopted_on", "rows[3].binding", "rows[3].level", "rows[3].value_chains", "rows[4].country_iso3"],
            fields.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(0, await StoredInstrumentsAsync());
    }

    [Fact]
    public async Task An_import_creates_drafts_and_importing_the_same_file_or_an_export_again_changes_nothing()
    {
        var csv = ImportHeader +
            "CHL,,national,\"Ley 1, envases\",Law one on packaging,es,Packaging targets for producers.,2020-01-01,2020-02-01,in_force,true,https://example.cl/1,regulatory_legal,packaging,circular_economy\r\n" +
            $",{EuropeanUnion},supranational,Textiles strategy,Textiles strategy,en,A strategy for circular textiles.,,,proposed,false,https://example.eu/textiles,macro_policy,textiles,\r\n";

        using (var focalPoint = FocalPoint(Chile))
        using (var refused = await ImportAsync(focalPoint, csv))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var first = await ImportAsync(_secretariat, csv))
        {
            var result = await Ok(first);
            Assert.Equal(2, result.GetProperty("created").GetInt32());
            var ids = result.GetProperty("instrumentIds").EnumerateArray().Select(i => i.GetGuid()).ToList();
            using var draft = await _secretariat.GetAsync($"{Instruments}/{ids[0]}");
            var chilean = await Ok(draft);
            Assert.Equal("Ley 1, envases", chilean.GetProperty("titleOriginal").GetString());
            Assert.Equal("draft", chilean.GetProperty("status").GetString());
        }
        using (var again = await ImportAsync(_secretariat, csv))
        {
            var result = await Ok(again);
            Assert.Equal(0, result.GetProperty("created").GetInt32());
            Assert.Equal(2, result.GetProperty("unchanged").GetInt32());
        }
        Assert.Equal(2, await StoredInstrumentsAsync());

        // The export's own columns import: published instruments come back as "already recorded".
        await PublishedAsync(Kenya, KenyanLevy());
        using var export = await _anonymous.GetAsync("/api/policies/export.csv");
        using (var reimported = await ImportAsync(_secretariat, await export.Content.ReadAsStringAsync()))
        {
            var result = await Ok(reimported);
            Assert.Equal(0, result.GetProperty("created").GetInt32());
            Assert.Equal(1, result.GetProperty("unchanged").GetInt32());
        }
        Assert.Equal(3, await StoredInstrumentsAsync());
    }

    [Fact]
    public async Task An_import_row_for_a_suspended_or_withdrawn_member_is_a_409_naming_the_row_as_for_one_draft_and_stores_nothing()
    {
        const string chilean =
            "CHL,,national,Ley 1,Law one on packaging,es,Packaging targets for producers.,2020-01-01,2020-02-01,in_force,true,https://example.cl/1,regulatory_legal,packaging,circular_economy\r\n";
        foreach (var (country, status) in new[] { ("PER", "suspended"), ("GHA", "withdrawn") })
        {
            var csv = ImportHeader + chilean +
                $"{country},,national,Ley 2,A law on packaging,es,Packaging targets for producers.,2020-01-01,2020-02-01,in_force,true,https://example.org/{country},regulatory_legal,packaging,\r\n";
            using var response = await ImportAsync(_secretariat, csv);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
            Assert.Contains("Row 3", detail, StringComparison.Ordinal);
            Assert.Contains(status, detail, StringComparison.Ordinal);

            // The instrument endpoint answers one draft for the same member alike.
            var one = ChileanLaw();
            one["countryIso3"] = country;
            using var draft = await _secretariat.PostAsJsonAsync(Instruments, one);
            Assert.Equal(HttpStatusCode.Conflict, draft.StatusCode);
        }
        Assert.Equal(0, await StoredInstrumentsAsync());
    }

    [Fact]
    public async Task A_country_with_two_equal_memberships_is_the_same_member_for_a_draft_and_an_import()
    {
        var lower = Guid.Parse("0193a000-0000-7000-8000-000000000011");
        var higher = Guid.Parse("0193a000-0000-7000-8000-000000000012");
        await using (var scope = _service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolicyMappingDbContext>();
            db.Set<ReplicatedMember>().Add(Member(higher, "Government of Argentina", "national_government", "ARG", "active"));
            await db.SaveChangesAsync();
            db.Set<ReplicatedMember>().Add(Member(lower, "Gobierno de la Argentina", "national_government", "ARG", "active"));
            await db.SaveChangesAsync();
        }
        var law = ChileanLaw();
        law["countryIso3"] = "ARG";
        using (var drafted = await _secretariat.PostAsJsonAsync(Instruments, law))
        {
            Assert.Equal(lower, (await Ok(drafted, HttpStatusCode.Created)).GetProperty("memberId").GetGuid());
        }
        var csv = ImportHeader +
            "ARG,,national,Ley 2,Argentine law on packaging,es,Packaging targets for producers.,2020-01-01,2020-02-01,in_force,true,https://example.ar/2,regulatory_legal,packaging,\r\n";
        using var imported = await ImportAsync(_secretariat, csv);
        var id = (await Ok(imported)).GetProperty("instrumentIds")[0].GetGuid();
        using var read = await _secretariat.GetAsync($"{Instruments}/{id}");
        Assert.Equal(lower, (await Ok(read)).GetProperty("memberId").GetGuid());
    }

    [Fact]
    public async Task An_import_checks_lengths_and_counts_by_the_annotations_a_draft_is_checked_by()
    {
        var longTitle = new string('a', 501);
        var csv = ImportHeader +
            $"CHL,,national,{longTitle},Law one on packaging,es,Too short,2020-01-01,2020-02-01,in_force,true,https://example.cl/1,regulatory_legal," +
            string.Join(';', Enumerable.Repeat("packaging", 9)) + ",\r\n";

        using var response = await ImportAsync(_secretariat, csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["rows[2].summary", "rows[2].title_original", "rows[2].value_chains"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToArray());
        // The message is the annotation's, as a JSON draft with the same title gets it.
        var draft = ChileanLaw();
        draft["titleOriginal"] = longTitle;
        using var refused = await _secretariat.PostAsJsonAsync(Instruments, draft);
        var draftErrors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        var draftMessage = draftErrors.EnumerateObject().Single(e => e.Name.Equals("titleOriginal", StringComparison.OrdinalIgnoreCase)).Value[0].GetString();
        Assert.Equal(draftMessage, errors.GetProperty("rows[2].title_original")[0].GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(0, await StoredInstrumentsAsync());
    }

    [Fact]
    public async Task The_workspace_lists_a_focal_points_own_instruments_and_everything_for_the_secretariat()
    {
        using var chile = FocalPoint(Chile);
        using var kenya = FocalPoint(Kenya);
        var chilean = await DraftAsync(chile, ChileanLaw());
        var kenyan = await DraftAsync(kenya, KenyanLevy());
        await StepAsync(kenya, kenyan, "submission");

        using (var own = await chile.GetAsync(Instruments))
        {
            var page = await Ok(own);
            Assert.Equal(chilean, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("instrumentId").GetGuid());
        }
        using (var queue = await _secretariat.GetAsync($"{Instruments}?status=submitted"))
        {
            var page = await Ok(queue);
            Assert.Equal(kenyan, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("instrumentId").GetGuid());
        }
        using (var all = await _secretariat.GetAsync(Instruments))
        {
            Assert.Equal(2, (await Ok(all)).GetProperty("totalCount").GetInt64());
        }
        using (var anonymous = await _anonymous.GetAsync(Instruments))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        using var bad = await _secretariat.GetAsync($"{Instruments}?status=done");
        Assert.Equal(["status"], await ProblemFields(bad));
    }

    [Fact]
    public async Task The_curation_trail_refuses_updates_and_deletes_in_the_database()
    {
        using var chile = FocalPoint(Chile);
        await DraftAsync(chile, ChileanLaw());
        await using var connection = new NpgsqlConnection(_service.DatabaseConnectionString);
        await connection.OpenAsync();

        await using var update = new NpgsqlCommand("UPDATE policymapping.curation_entries SET reason = 'rewritten'", connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        await using var delete = new NpgsqlCommand("DELETE FROM policymapping.curation_entries", connection);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync())).SqlState);
    }

    private async Task SetMemberStatusAsync(Guid memberId, string status)
    {
        await using var scope = _service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolicyMappingDbContext>();
        await db.Set<ReplicatedMember>().Where(m => m.MemberId == memberId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, status));
    }
}
