using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gacere.ApiTests.Partnerships;

/// <summary>Best practices: submitted by focal points, decided by the secretariat with a trail, searched by everyone once published.</summary>
[Collection(ServersCollection.Name)]
public sealed class BestPracticesApiTests(ServersFixture servers) : PartnershipsApiTest(servers)
{
    private const string Practices = Api + "/best-practices";

    private static JsonObject Practice(Guid member, string title = "Deposit-refund for PET bottles", string country = "KEN",
        string valueChain = "packaging", string[]? rStrategies = null, string language = "en",
        string outcomes = "Return rate of PET bottles rose from 40% to 85% within two years.", string? organisationType = null) => new()
    {
        ["memberId"] = member,
        ["title"] = title,
        ["country"] = country,
        ["organisationType"] = organisationType,
        ["valueChain"] = valueChain,
        ["rStrategies"] = new JsonArray([.. (rStrategies ?? ["recycle"]).Select(r => JsonValue.Create(r))]),
        ["language"] = language,
        ["outcomes"] = outcomes,
        ["source"] = "https://example.org/practices/1",
    };

    private async Task<Guid> SubmitAsync(Guid member, JsonObject practice) =>
        (await CreatedAsync(await FocalPoint(member).PostAsJsonAsync(Practices, practice))).GetProperty("bestPracticeId").GetGuid();

    private async Task<Guid> PublishedAsync(Guid member, JsonObject practice)
    {
        var id = await SubmitAsync(member, practice);
        await OkAsync(await Secretariat.PostAsJsonAsync($"{Practices}/{id}/publication", new { note = "good evidence" }));
        return id;
    }

    [Fact]
    public async Task A_focal_point_submits_only_for_its_own_active_member()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        var suspended = await MemberAsync("Republic of Rwanda", status: "suspended", country: "RWA");
        var withdrawn = await MemberAsync("Republic of Peru", status: "withdrawn", country: "PER");

        await AssertStatusAsync(await FocalPoint(kenya).PostAsJsonAsync(Practices, Practice(uganda)), HttpStatusCode.Forbidden);
        // The policy refuses the secretariat: best practices come from members.
        await AssertStatusAsync(await Secretariat.PostAsJsonAsync(Practices, Practice(kenya)), HttpStatusCode.Forbidden);
        foreach (var (member, status) in new[] { (suspended, "suspended"), (withdrawn, "withdrawn") })
        {
            var refused = await FocalPoint(member).PostAsJsonAsync(Practices, Practice(member));
            await AssertStatusAsync(refused, HttpStatusCode.Conflict);
            Assert.Contains($"is {status}", (await Responses.JsonAsync(refused)).GetProperty("detail").GetString());
        }
        // A focal point whose member the replica does not know (yet) is told which field: the same rule as naming a lead.
        var unknown = Guid.NewGuid();
        await AssertInvalidAsync(await FocalPoint(unknown).PostAsJsonAsync(Practices, Practice(unknown)), "memberId");
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM partnerships.best_practices"));

        var created = await CreatedAsync(await FocalPoint(kenya).PostAsJsonAsync(Practices, Practice(kenya)));
        Assert.Equal("submitted", created.GetProperty("status").GetString());
        Assert.Equal("national_government", created.GetProperty("organisationType").GetString());
    }

    [Theory]
    [InlineData("title", "")]
    [InlineData("country", "XXX")]
    [InlineData("language", "english")]
    [InlineData("valueChain", "textile")]
    [InlineData("rStrategies", "[]")]
    [InlineData("source", "ftp://example.org")]
    [InlineData("partnershipId", "00000000-0000-0000-0000-000000000001")]
    public async Task Bad_input_is_a_400_naming_the_field(string field, string value)
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var practice = Practice(kenya);
        practice[field] = value == "[]" ? new JsonArray() : JsonValue.Create(value);

        await AssertInvalidAsync(await FocalPoint(kenya).PostAsJsonAsync(Practices, practice), field);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM partnerships.best_practices"));
    }

    [Fact]
    public async Task The_secretariat_publishes_or_rejects_once_with_a_trail_and_only_published_practices_are_public()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        var partnership = (await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, Proposal(kenya, uganda)))).GetProperty("id").GetGuid();
        var linked = Practice(kenya);
        linked["partnershipId"] = partnership;
        var published = await SubmitAsync(kenya, linked);
        var rejected = await SubmitAsync(kenya, Practice(kenya, title: "Repair cafés in Nairobi"));
        using var anonymous = Service.CreateClient();

        // Before a decision: not public, not visible to another member's focal point.
        await AssertStatusAsync(await anonymous.GetAsync($"{Practices}/{published}"), HttpStatusCode.NotFound);
        await AssertStatusAsync(await FocalPoint(uganda).GetAsync($"{Practices}/submissions/{published}"), HttpStatusCode.Forbidden);
        await AssertStatusAsync(await FocalPoint(kenya).PostAsJsonAsync($"{Practices}/{published}/publication", new { }), HttpStatusCode.Forbidden);
        await AssertInvalidAsync(await Secretariat.PostAsJsonAsync($"{Practices}/{rejected}/rejection", new { }), "reason");

        await OkAsync(await Secretariat.PostAsJsonAsync($"{Practices}/{published}/publication", new { note = "good evidence" }));
        var rejectedView = await OkAsync(await Secretariat.PostAsJsonAsync($"{Practices}/{rejected}/rejection", new { reason = "no source for the figures" }));
        Assert.Equal("rejected", rejectedView.GetProperty("status").GetString());
        await AssertStatusAsync(await Secretariat.PostAsJsonAsync($"{Practices}/{published}/rejection", new { reason = "second thoughts" }), HttpStatusCode.Conflict);
        await AssertStatusAsync(await Secretariat.PostAsJsonAsync($"{Practices}/{rejected}/publication", new { }), HttpStatusCode.Conflict);

        var page = await OkAsync(await anonymous.GetAsync($"{Practices}/{published}"));
        Assert.Equal((partnership, "Deposit-refund for PET bottles"), (page.GetProperty("partnershipId").GetGuid(), page.GetProperty("title").GetString()));
        await AssertStatusAsync(await anonymous.GetAsync($"{Practices}/{rejected}"), HttpStatusCode.NotFound);
        var search = await OkAsync(await anonymous.GetAsync($"{Practices}/search"));
        Assert.Equal([published], search.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("bestPracticeId").GetGuid()));

        var trail = await OkAsync(await FocalPoint(kenya).GetAsync($"{Practices}/submissions/{rejected}/trail"));
        Assert.Equal([("submitted", (string?)null), ("rejected", "no source for the figures")],
            trail.EnumerateArray().Select(e => (e.GetProperty("action").GetString()!, e.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null)));
        var mine = await OkAsync(await FocalPoint(kenya).GetAsync($"{Practices}/submissions?status=rejected"));
        Assert.Equal(1, mine.GetProperty("totalCount").GetInt64());
        Assert.Equal(0, (await OkAsync(await FocalPoint(uganda).GetAsync($"{Practices}/submissions"))).GetProperty("totalCount").GetInt64());
        // The trail is append-only in the database itself.
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ScalarAsync("DELETE FROM partnerships.best_practice_trail_entries RETURNING 1"));
    }

    [Fact]
    public async Task The_search_filters_ranks_counts_facets_for_every_vocabulary_and_pages_stably()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var chile = await MemberAsync("Republic of Chile", country: "CHL");
        var deposit = await PublishedAsync(kenya, Practice(kenya, rStrategies: ["reuse", "recycle"]));
        var textiles = await PublishedAsync(kenya, Practice(kenya, title: "Textile take-back in Mombasa", valueChain: "textiles", rStrategies: ["reuse", "repair"],
            outcomes: "Collected 120 tonnes of used clothing for resale and repair in its first year."));
        var spanish = await PublishedAsync(chile, Practice(chile, title: "Reciclaje de envases en Santiago", country: "CHL", language: "es",
            outcomes: "Las botellas devueltas aumentaron un 60% en las comunas participantes.", organisationType: "business"));
        for (var i = 0; i < 4; i++)
        {
            await PublishedAsync(chile, Practice(chile, title: $"Construction waste sorting, site {i}", country: "CHL", valueChain: "construction_buildings",
                rStrategies: ["recover"], outcomes: $"Diverted {i + 2}0% of construction and demolition waste from landfill."));
        }
        await SubmitAsync(kenya, Practice(kenya, title: "Unpublished bottle deposit pilot")); // never counted
        using var anonymous = Service.CreateClient();

        var all = await OkAsync(await anonymous.GetAsync($"{Practices}/search"));
        Assert.Equal(7, all.GetProperty("totalCount").GetInt64());
        var facets = all.GetProperty("facets");
        long Count(string facet, string code) => facets.GetProperty(facet).EnumerateArray().Single(f => f.GetProperty("code").GetString() == code).GetProperty("count").GetInt64();
        Assert.Equal(10, facets.GetProperty("organisationType").GetArrayLength()); // every code, zeros included
        Assert.Equal((6, 1, 0), (Count("organisationType", "national_government"), Count("organisationType", "business"), Count("organisationType", "un_entity")));
        Assert.Equal((2, 1, 4, 0), (Count("valueChain", "packaging"), Count("valueChain", "textiles"), Count("valueChain", "construction_buildings"), Count("valueChain", "plastics")));
        Assert.Equal((2, 2, 1, 4, 0), (Count("rStrategy", "reuse"), Count("rStrategy", "recycle"), Count("rStrategy", "repair"), Count("rStrategy", "recover"), Count("rStrategy", "refuse")));
        Assert.Equal((6, 1), (Count("language", "en"), Count("language", "es")));
        Assert.Equal((2, 5), (Count("country", "KEN"), Count("country", "CHL")));
        Assert.Equal((2, 5, 0), (Count("region", "002"), Count("region", "019"), Count("region", "150")));

        // Full text with English stemming ("bottles" finds "bottle"), and 'simple' words of another language.
        var bottles = await OkAsync(await anonymous.GetAsync($"{Practices}/search?q=bottle"));
        Assert.Equal([deposit], Ids(bottles));
        Assert.Equal([spanish], Ids(await OkAsync(await anonymous.GetAsync($"{Practices}/search?q=botellas"))));
        var reuse = await OkAsync(await anonymous.GetAsync($"{Practices}/search?rStrategy=reuse,repair&country=KEN"));
        Assert.Equal(new[] { deposit, textiles }.Order(), Ids(reuse).Order());
        Assert.Equal(1, reuse.GetProperty("facets").GetProperty("valueChain").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "textiles").GetProperty("count").GetInt64());
        Assert.Equal(5, (await OkAsync(await anonymous.GetAsync($"{Practices}/search?region=419"))).GetProperty("totalCount").GetInt64());
        Assert.Equal(1, (await OkAsync(await anonymous.GetAsync($"{Practices}/search?language=es&organisationType=business"))).GetProperty("totalCount").GetInt64());

        // Paging: three pages of at most 3, no repeats, no gaps, the same order as one page of all.
        var walked = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await OkAsync(await anonymous.GetAsync($"{Practices}/search?limit=3{(cursor is null ? "" : $"&after={cursor}")}"));
            walked.AddRange(Ids(page));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null && pages < 10);
        Assert.Equal(3, pages);
        Assert.Equal(Ids(all), walked);
        // Ranked paging too: "waste" matches the four construction practices.
        var ranked = await OkAsync(await anonymous.GetAsync($"{Practices}/search?q=waste&limit=2"));
        var rest = await OkAsync(await anonymous.GetAsync($"{Practices}/search?q=waste&limit=10&after={ranked.GetProperty("nextCursor").GetString()}"));
        Assert.Equal(Ids(await OkAsync(await anonymous.GetAsync($"{Practices}/search?q=waste"))), Ids(ranked).Concat(Ids(rest)));
        Assert.Equal(4, Ids(ranked).Concat(Ids(rest)).Distinct().Count());

        await AssertInvalidAsync(await anonymous.GetAsync($"{Practices}/search?rStrategy=recycling"), "rStrategy");
        await AssertInvalidAsync(await anonymous.GetAsync($"{Practices}/search?country=XXX"), "country");
        await AssertInvalidAsync(await anonymous.GetAsync($"{Practices}/search?after=bogus"), "after");
        await AssertInvalidAsync(await anonymous.GetAsync($"{Practices}/search?limit=0"), "limit");
    }

    private static Guid[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("bestPracticeId").GetGuid())];
}
