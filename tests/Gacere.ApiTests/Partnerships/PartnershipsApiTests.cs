using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Gacere.ApiTests.Partnerships;

/// <summary>Proposals, the secretariat's review and the lifecycle, over HTTP on a real database.</summary>
[Collection(ServersCollection.Name)]
public sealed class PartnershipsApiTests(ServersFixture servers) : PartnershipsApiTest(servers)
{
    [Fact]
    public async Task A_focal_point_proposes_for_its_own_member_and_gets_every_field_back_with_the_smart_pre_check()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        using var kenyasFocalPoint = FocalPoint(kenya);

        var created = await CreatedAsync(await kenyasFocalPoint.PostAsJsonAsync(Api, Proposal(kenya, uganda)));

        Assert.Equal("proposed", created.GetProperty("status").GetString());
        Assert.Equal("regional", created.GetProperty("kind").GetString());
        Assert.Equal(["KEN", "UGA"], Strings(created.GetProperty("countries")));
        Assert.Equal(["014"], Strings(created.GetProperty("regions")));
        Assert.Equal(["textiles"], Strings(created.GetProperty("valueChains")));
        Assert.Equal(["12.5", "8.4"], Strings(created.GetProperty("sdgTargets")));
        Assert.Equal("2028-12-31", created.GetProperty("endDate").GetString());
        var partners = created.GetProperty("partners").EnumerateArray().ToList();
        Assert.Equal([("Republic of Kenya", "lead"), ("Republic of Uganda", "funding")],
            partners.Select(p => (p.GetProperty("organisationName").GetString(), p.GetProperty("role").GetString())).ToList());
        var deliverables = created.GetProperty("deliverables").EnumerateArray().ToList();
        Assert.Equal(2, deliverables.Count);
        Assert.All(deliverables, d => Assert.Equal("planned", d.GetProperty("status").GetString()));
        Assert.Equal("tonnes of textile waste recycled per year", deliverables[1].GetProperty("indicator").GetString());
        var financial = created.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("type").GetString() == "financial");
        Assert.Equal(250000m, financial.GetProperty("amount").GetDecimal());
        Assert.Equal("EUR", financial.GetProperty("currency").GetString());

        var smart = created.GetProperty("smart").EnumerateArray().ToList();
        Assert.Equal(["specific", "measurable", "achievable", "resource_based", "time_bound"], smart.Select(s => s.GetProperty("criterion").GetString()!).ToArray());
        Assert.All(smart, s => Assert.True(s.GetProperty("automaticallyMet").GetBoolean(), s.ToString()));
        Assert.All(smart, s => Assert.Equal(System.Text.Json.JsonValueKind.Null, s.GetProperty("judgement").ValueKind));
        Assert.Equal(5, created.GetProperty("activationBlockers").GetArrayLength());

        var id = created.GetProperty("id").GetGuid();
        var trail = await OkAsync(await kenyasFocalPoint.GetAsync($"{Api}/{id}/trail"));
        var entry = Assert.Single(trail.GetProperty("items").EnumerateArray());
        Assert.Equal("proposed", entry.GetProperty("action").GetString());
        Assert.Equal("proposed", entry.GetProperty("to").GetString());
    }

    [Fact]
    public async Task The_pre_check_names_what_is_missing_criterion_by_criterion()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        var proposal = Proposal(kenya, uganda, objective: "Recycle textiles.", valueChains: []);
        proposal["resources"] = new JsonArray();
        proposal["deliverables"] = new JsonArray(
            new JsonObject { ["title"] = "Report", ["dueDate"] = "2029-06-30" });

        var created = await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, proposal));

        var met = created.GetProperty("smart").EnumerateArray()
            .ToDictionary(s => s.GetProperty("criterion").GetString()!, s => s.GetProperty("automaticallyMet").GetBoolean());
        Assert.Equal(new Dictionary<string, bool>
        {
            ["specific"] = false, ["measurable"] = false, ["achievable"] = false, ["resource_based"] = false, ["time_bound"] = false,
        }, met);
        var timeBound = created.GetProperty("smart").EnumerateArray().Single(s => s.GetProperty("criterion").GetString() == "time_bound");
        Assert.Contains("after the end date", timeBound.GetProperty("finding").GetString());
    }

    [Fact]
    public async Task A_focal_point_cannot_propose_for_another_member_nor_with_a_suspended_or_unknown_partner()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        var suspended = await MemberAsync("Suspended Republic", status: "suspended");
        using var ugandasFocalPoint = FocalPoint(uganda);
        using var kenyasFocalPoint = FocalPoint(kenya);

        await AssertStatusAsync(await ugandasFocalPoint.PostAsJsonAsync(Api, Proposal(kenya, uganda)), HttpStatusCode.Forbidden);
        await AssertInvalidAsync(await kenyasFocalPoint.PostAsJsonAsync(Api, Proposal(kenya, suspended)), "partners[1].memberId");
        await AssertInvalidAsync(await kenyasFocalPoint.PostAsJsonAsync(Api, Proposal(kenya, Guid.NewGuid())), "partners[1].memberId");

        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM partnerships.partnerships"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM partnerships.trail_entries"));
    }

    [Theory]
    [InlineData("twoLeads", "partners")]
    [InlineData("noLead", "partners")]
    [InlineData("currencyUnknown", "resources[0].currency")]
    [InlineData("currencyLowerCase", "resources[0].currency")]
    [InlineData("financialWithoutAmount", "resources[0].amount")]
    [InlineData("country", "countries[1]")]
    [InlineData("region", "regions[0]")]
    [InlineData("sdgTarget", "sdgTargets[0]")]
    [InlineData("endBeforeStart", "endDate")]
    [InlineData("noTitle", "title")]
    [InlineData("kind", "kind")]
    [InlineData("valueChain", "valueChains[0]")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string fault, string field)
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        var proposal = Proposal(kenya, uganda);
        switch (fault)
        {
            case "twoLeads": proposal["partners"]![1]!["role"] = "lead"; break;
            case "noLead": proposal["partners"]![0]!["role"] = "implementing"; break;
            case "currencyUnknown": proposal["resources"]![0]!["currency"] = "EURO"; break;
            case "currencyLowerCase": proposal["resources"]![0]!["currency"] = "eur"; break;
            case "financialWithoutAmount": proposal["resources"]![0]!.AsObject().Remove("amount"); proposal["resources"]![0]!.AsObject().Remove("currency"); break;
            case "country": proposal["countries"] = new JsonArray("KEN", "XKX"); break;
            case "region": proposal["regions"] = new JsonArray("999"); break;
            case "sdgTarget": proposal["sdgTargets"] = new JsonArray("18.1"); break;
            case "endBeforeStart": proposal["endDate"] = "2025-12-31"; break;
            case "noTitle": proposal.Remove("title"); break;
            case "kind": proposal["kind"] = "global"; break;
            case "valueChain": proposal["valueChains"] = new JsonArray("fashion"); break;
        }

        await AssertInvalidAsync(await Secretariat.PostAsJsonAsync(Api, proposal), field);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM partnerships.partnerships"));
    }

    [Fact]
    public async Task A_near_duplicate_is_listed_with_reasons_and_activation_waits_for_all_five_judgements_and_every_decision()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        var rwanda = await MemberAsync("Republic of Rwanda", country: "RWA");
        var first = (await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, Proposal(kenya, uganda)))).GetProperty("id").GetGuid();

        var second = await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, Proposal(kenya, rwanda,
            title: "Recycling textile waste in East Africa",
            objective: "Collect and recycle textile waste from consumers in Nairobi and Kampala, creating jobs for waste pickers and reducing landfill.")));
        var id = second.GetProperty("id").GetGuid();

        var candidate = Assert.Single(second.GetProperty("duplicateCandidates").EnumerateArray(), c => c.GetProperty("source").GetString() == "partnership");
        Assert.Equal(first, candidate.GetProperty("partnershipId").GetGuid());
        var reasons = Strings(candidate.GetProperty("reasons"));
        Assert.Contains("same lead", reasons);
        Assert.Contains("1 of 2 partners", reasons);
        Assert.Contains("2 of 2 countries", reasons);
        Assert.Contains("textiles", reasons);
        // pg_trgm compares trigram sets, so the reordered title is 1.00 similar.
        Assert.Contains(reasons, r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^title [01]\.\d\d similar$"));
        Assert.InRange(candidate.GetProperty("score").GetDouble(), 0.45, 1.0);

        // Proposed, not reviewed: activation is not a move the lifecycle has from there.
        await AssertStatusAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/activation", new { }), HttpStatusCode.Conflict);
        await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/review", new { }));
        foreach (var criterion in new[] { "specific", "measurable", "achievable", "resource_based" })
        {
            await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/smart-judgements", new { criterion, judgement = "accepted" }));
        }
        var judged = await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/smart-judgements",
            new { criterion = "time_bound", judgement = "not_accepted", note = "the recycling line is due too late" }));
        var timeBound = judged.GetProperty("smart").EnumerateArray().Single(s => s.GetProperty("criterion").GetString() == "time_bound");
        Assert.True(timeBound.GetProperty("automaticallyMet").GetBoolean());
        Assert.Equal("not_accepted", timeBound.GetProperty("judgement").GetString());
        Assert.Equal("the recycling line is due too late", timeBound.GetProperty("judgementNote").GetString());

        using (var blocked = await Secretariat.PostAsJsonAsync($"{Api}/{id}/activation", new { }))
        {
            await AssertStatusAsync(blocked, HttpStatusCode.Conflict);
            var detail = (await Responses.JsonAsync(blocked)).GetProperty("detail").GetString();
            Assert.Contains("time_bound", detail);
            Assert.Contains("No decision on likely duplicate", detail);
        }
        await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/smart-judgements", new { criterion = "time_bound", judgement = "accepted" }));
        await AssertStatusAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/activation", new { }), HttpStatusCode.Conflict);
        await AssertInvalidAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/duplicate-decisions",
            new { candidateId = Guid.NewGuid(), decision = "distinct" }), "candidateId");
        var decided = await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/duplicate-decisions",
            new { candidateId = candidate.GetProperty("id").GetGuid(), decision = "complementary", note = "different partners fund it" }));
        Assert.Equal(0, decided.GetProperty("activationBlockers").GetArrayLength());

        var active = await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/activation", new { note = "approved" }));
        Assert.Equal("active", active.GetProperty("status").GetString());
        // Review is over: no more judgements or decisions, and active is not "proposed" again.
        await AssertStatusAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/smart-judgements", new { criterion = "specific", judgement = "not_accepted" }), HttpStatusCode.Conflict);
        await AssertStatusAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/review", new { }), HttpStatusCode.Conflict);
        await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/completion", new { }));
        await AssertStatusAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/discontinuation", new { reason = "too late" }), HttpStatusCode.Conflict);

        var trail = await OkAsync(await Secretariat.GetAsync($"{Api}/{id}/trail?pageSize=100"));
        var actions = trail.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["proposed", "review_started", "smart_judged", "smart_judged", "smart_judged", "smart_judged", "smart_judged", "smart_judged",
            "duplicate_decided", "activated", "completed"], actions);
    }

    [Fact]
    public async Task A_discontinued_partnership_is_no_longer_compared_and_the_trail_cannot_be_rewritten()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        var first = (await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, Proposal(kenya, uganda)))).GetProperty("id").GetGuid();
        await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{first}/discontinuation", new { reason = "merged elsewhere" }));

        var second = await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, Proposal(kenya, uganda)));

        Assert.DoesNotContain(second.GetProperty("duplicateCandidates").EnumerateArray(), c => c.GetProperty("source").GetString() == "partnership");
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var rewrite = new NpgsqlCommand("UPDATE partnerships.trail_entries SET note = 'rewritten'", connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => rewrite.ExecuteNonQueryAsync());
        Assert.Contains("append-only", refused.MessageText);
    }

    [Fact]
    public async Task The_lead_changes_its_proposal_the_checks_run_again_and_others_may_not()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        using var kenyasFocalPoint = FocalPoint(kenya);
        using var ugandasFocalPoint = FocalPoint(uganda);
        var id = (await CreatedAsync(await kenyasFocalPoint.PostAsJsonAsync(Api, Proposal(kenya, uganda)))).GetProperty("id").GetGuid();
        await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/review", new { }));
        await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/smart-judgements", new { criterion = "specific", judgement = "accepted" }));

        var changed = Proposal(kenya, uganda);
        changed["deliverables"]![1]!["dueDate"] = "2030-01-31";
        changed["note"] = "recycling line later";
        await AssertStatusAsync(await ugandasFocalPoint.PutAsJsonAsync($"{Api}/{id}", changed), HttpStatusCode.Forbidden);
        var view = await OkAsync(await kenyasFocalPoint.PutAsJsonAsync($"{Api}/{id}", changed));

        Assert.Equal("under_review", view.GetProperty("status").GetString());
        var smart = view.GetProperty("smart").EnumerateArray().ToDictionary(s => s.GetProperty("criterion").GetString()!);
        Assert.False(smart["time_bound"].GetProperty("automaticallyMet").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, smart["specific"].GetProperty("judgement").ValueKind);
        var trail = await OkAsync(await Secretariat.GetAsync($"{Api}/{id}/trail"));
        var last = trail.GetProperty("items").EnumerateArray().Last();
        Assert.Equal("changed", last.GetProperty("action").GetString());
        Assert.Equal("recycling line later", last.GetProperty("note").GetString());
    }
}
