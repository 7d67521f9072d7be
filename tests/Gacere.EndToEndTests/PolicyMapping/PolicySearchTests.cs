using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gacere.EndToEndTests.PolicyMapping;

/// <summary>
/// Issue 10 through the gateway: a focal point drafts and submits, the secretariat publishes, the public finds
/// the instrument by text and by facet and sees it in the map and the export; another member's focal point
/// cannot touch it; archiving takes it out of every public answer.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PolicySearchTests(TopologyFixture platform)
{
    private const string Instruments = "/api/policies/instruments";
    private static readonly TimeSpan ReplicaPatience = TimeSpan.FromSeconds(30);

    private HttpClient Anonymous => platform.Gateway;

    [Fact]
    public async Task An_import_larger_than_the_usual_body_cap_reaches_the_service_through_the_gateway()
    {
        // 1,500 rows (about 110 KB with a declared Content-Length): above the 64 KB every other body is held to,
        // within the import route's 16 MB. The gateway must let it through for the service to judge its rows (a 400
        // naming the first and the last row, not a 413 from the gateway).
        var csv = new StringBuilder("country_iso3,level,title_original,title_english,original_language,summary,lifecycle,binding,source_url,instrument_type\r\n");
        for (var row = 0; row < 1500; row++)
        {
            csv.Append($"ZZZ,national,Titulo {row},Title {row},es,A summary of the instrument,in_force,true,https://example.org/{row},regulatory\r\n");
        }
        using var secretariat = platform.ClientWithToken("secretariat");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        Assert.True(content.Headers.ContentLength > 64 * 1024);

        using var response = await secretariat.PostAsync($"{Instruments}/import", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), e => e.Name.StartsWith("rows[2].", StringComparison.Ordinal));
        Assert.Contains(errors.EnumerateObject(), e => e.Name.StartsWith("rows[1501].", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_published_instrument_is_found_by_text_facet_map_and_export_and_leaves_them_when_archived()
    {
        var (owner, other) = await TwoSeededGovernmentsAsync();
        // A word no other test uses, so the text search answers exactly this instrument.
        var word = $"circulo{Guid.NewGuid():N}"[..20];
        using var focalPoint = platform.ClientWithToken("focal-point", owner.MemberId);
        using var otherFocalPoint = platform.ClientWithToken("focal-point", other.MemberId);
        using var secretariat = platform.ClientWithToken("secretariat");

        using var created = await focalPoint.PostAsJsonAsync(Instruments, new JsonObject
        {
            ["countryIso3"] = owner.CountryIso3,
            ["level"] = "national",
            ["titleOriginal"] = $"Estrategia nacional de economía circular {word}",
            ["titleEnglish"] = "National circular economy strategy for construction and demolition waste",
            ["originalLanguage"] = "es",
            ["summary"] = "Targets for reuse and recycling of construction materials, with a just transition plan for informal recyclers.",
            ["adoptedOn"] = "2021-07-01",
            ["lifecycle"] = "adopted",
            ["binding"] = false,
            ["sourceUrl"] = "https://example.org/strategy",
            ["instrumentType"] = "information_education",
            ["valueChains"] = new JsonArray("construction_buildings"),
            ["rStrategies"] = new JsonArray("reuse", "recycle"),
            ["themes"] = new JsonArray("just_transition"),
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await Describe(created));
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["instrumentId"]!.GetValue<Guid>();

        // Another member's focal point can neither submit nor rewrite it.
        using (var foreignSubmit = await otherFocalPoint.PostAsJsonAsync($"{Instruments}/{id}/submission", new { }))
        {
            Assert.True(foreignSubmit.StatusCode == HttpStatusCode.Forbidden, await Describe(foreignSubmit));
        }
        Assert.Equal(0, (await SearchAsync($"q={word}")).GetProperty("totalCount").GetInt64());

        await StepAsync(focalPoint, id, "submission");
        await StepAsync(secretariat, id, "validation");
        await StepAsync(secretariat, id, "publication");

        // By text (the original-language word), by facet, and the facet counts come in the same answer.
        var byText = await SearchAsync($"q={word}");
        Assert.Equal(id, Assert.Single(byText.GetProperty("items").EnumerateArray()).GetProperty("instrumentId").GetGuid());
        Assert.Equal(1, Count(byText, "instrumentType", "information_education"));
        Assert.Equal(1, Count(byText, "valueChain", "construction_buildings"));
        Assert.Equal(0, Count(byText, "valueChain", "plastics"));

        var byFacet = await SearchAsync($"instrumentType=information_education&theme=just_transition&country={owner.CountryIso3}&limit=100");
        Assert.Contains(byFacet.GetProperty("items").EnumerateArray(), item => item.GetProperty("instrumentId").GetGuid() == id);
        var typeCount = Count(byFacet, "instrumentType", "information_education");
        Assert.Equal(byFacet.GetProperty("totalCount").GetInt64(), typeCount);

        using (var mapResponse = await Anonymous.GetAsync($"/api/policies/map?country={owner.CountryIso3}"))
        {
            Assert.True(mapResponse.StatusCode == HttpStatusCode.OK, await Describe(mapResponse));
            var row = Assert.Single((await mapResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
            Assert.Equal(owner.CountryIso3, row.GetProperty("key").GetString());
            Assert.True(row.GetProperty("counts").GetProperty("information_education").GetInt64() >= 1, row.ToString());
        }
        using (var csv = await Anonymous.GetAsync($"/api/policies/export.csv?q={word}"))
        {
            Assert.True(csv.StatusCode == HttpStatusCode.OK, await Describe(csv));
            var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.Contains(word, lines[1]);
        }
        using (var shown = await Anonymous.GetAsync($"{Instruments}/{id}"))
        {
            Assert.True(shown.StatusCode == HttpStatusCode.OK, await Describe(shown));
        }

        await StepAsync(secretariat, id, "archival", "Superseded by the 2025 strategy.");
        var afterArchive = await SearchAsync($"q={word}");
        Assert.Equal(0, afterArchive.GetProperty("totalCount").GetInt64());
        Assert.Equal(0, Count(afterArchive, "instrumentType", "information_education"));
        Assert.Equal(typeCount - 1, Count(await SearchAsync($"instrumentType=information_education&theme=just_transition&country={owner.CountryIso3}"),
            "instrumentType", "information_education"));
        using var hidden = await Anonymous.GetAsync($"{Instruments}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task Writes_need_a_token_at_the_gateway_and_bad_search_input_is_a_400_problem()
    {
        using (var anonymousWrite = await Anonymous.PostAsJsonAsync(Instruments, new { titleEnglish = "x" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousWrite.StatusCode);
        }
        using var bad = await Anonymous.GetAsync("/api/policies/search?valueChain=spaceships");
        Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, await Describe(bad));
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("valueChain", out _));
    }

    private async Task<((Guid MemberId, string CountryIso3) Owner, (Guid MemberId, string CountryIso3) Other)> TwoSeededGovernmentsAsync()
    {
        var directory = await Anonymous.GetFromJsonAsync<JsonElement>("/api/membership/directory?orgType=national_government&pageSize=2");
        var governments = directory.GetProperty("items").EnumerateArray()
            .Select(e => (MemberId: e.GetProperty("memberId").GetGuid(), CountryIso3: e.GetProperty("countryIso3").GetString()!)).ToList();
        Assert.Equal(2, governments.Count);
        foreach (var government in governments)
        {
            Assert.True(await Eventually.HoldsAsync(async () =>
            {
                using var replica = await Anonymous.GetAsync($"/api/policies/members/{government.MemberId}");
                return replica.StatusCode == HttpStatusCode.OK;
            }, ReplicaPatience, TimeSpan.FromMilliseconds(200)), $"policymapping's replica never got {government.CountryIso3}");
        }
        return (governments[0], governments[1]);
    }

    private async Task<JsonElement> SearchAsync(string query)
    {
        using var response = await Anonymous.GetAsync($"/api/policies/search?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task StepAsync(HttpClient client, Guid id, string step, string? reason = null)
    {
        using var response = await client.PostAsJsonAsync($"{Instruments}/{id}/{step}", new { reason });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
    }

    private static long Count(JsonElement page, string facet, string code) =>
        page.GetProperty("facets").GetProperty(facet).EnumerateArray().Single(f => f.GetProperty("code").GetString() == code).GetProperty("count").GetInt64();

    private static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {await response.Content.ReadAsStringAsync()}";
}
