using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Gacere.ApiTests.Partnerships;

/// <summary>Progress of active partnerships: deliverables, annual reports, the overdue list, the public page.</summary>
[Collection(ServersCollection.Name)]
public sealed class PartnershipProgressApiTests(ServersFixture servers) : PartnershipsApiTest(servers)
{
    [Fact]
    public async Task Partners_update_deliverables_report_once_a_year_and_the_secretariat_sees_what_is_overdue()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        var chile = await MemberAsync("Republic of Chile", country: "CHL");
        using var ugandasFocalPoint = FocalPoint(uganda);
        using var chilesFocalPoint = FocalPoint(chile);
        var proposal = Proposal(kenya, uganda);
        // Due long ago: overdue as soon as the partnership is active.
        proposal["startDate"] = "2020-01-01";
        proposal["deliverables"]![0]!["dueDate"] = "2020-06-30";
        var created = await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, proposal));
        var id = created.GetProperty("id").GetGuid();
        var deliverables = created.GetProperty("deliverables").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToList();

        // Not yet active: no status updates, no reports, no public page.
        await AssertStatusAsync(await ugandasFocalPoint.PutAsJsonAsync($"{Api}/{id}/deliverables/{deliverables[0]}/status", new { status = "on_track" }), HttpStatusCode.Conflict);
        await AssertStatusAsync(await ugandasFocalPoint.PostAsJsonAsync($"{Api}/{id}/progress-reports", new { year = 2025, summary = "Collection points opened." }), HttpStatusCode.Conflict);
        using var anonymous = Service.CreateClient();
        await AssertStatusAsync(await anonymous.GetAsync($"{Api}/public/{id}"), HttpStatusCode.NotFound);

        await ReviewAndAcceptAsync(id);
        await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/activation", new { }));

        var overdue = await OkAsync(await Secretariat.GetAsync($"{Api}/overdue-deliverables"));
        var listed = Assert.Single(overdue.GetProperty("items").EnumerateArray());
        Assert.Equal(deliverables[0], listed.GetProperty("deliverableId").GetGuid());
        Assert.Equal(id, listed.GetProperty("partnershipId").GetGuid());
        Assert.True(listed.GetProperty("daysOverdue").GetInt32() > 365);
        await AssertStatusAsync(await ugandasFocalPoint.GetAsync($"{Api}/overdue-deliverables"), HttpStatusCode.Forbidden);

        await AssertStatusAsync(await chilesFocalPoint.PutAsJsonAsync($"{Api}/{id}/deliverables/{deliverables[0]}/status", new { status = "delivered" }), HttpStatusCode.Forbidden);
        var updated = await OkAsync(await ugandasFocalPoint.PutAsJsonAsync($"{Api}/{id}/deliverables/{deliverables[0]}/status", new { status = "delivered", note = "12 points open" }));
        Assert.Equal("delivered", updated.GetProperty("status").GetString());
        await AssertInvalidAsync(await ugandasFocalPoint.PutAsJsonAsync($"{Api}/{id}/deliverables/{deliverables[1]}/status", new { status = "finished" }), "status");
        await AssertStatusAsync(await ugandasFocalPoint.PutAsJsonAsync($"{Api}/{id}/deliverables/{Guid.NewGuid()}/status", new { status = "delayed" }), HttpStatusCode.NotFound);
        Assert.Empty((await OkAsync(await Secretariat.GetAsync($"{Api}/overdue-deliverables"))).GetProperty("items").EnumerateArray());

        await CreatedAsync(await ugandasFocalPoint.PostAsJsonAsync($"{Api}/{id}/progress-reports", new { year = 2025, summary = "Twelve collection points opened in Nairobi and Kampala." }));
        await AssertStatusAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/progress-reports", new { year = 2025, summary = "A second report for the same year." }), HttpStatusCode.Conflict);
        await AssertStatusAsync(await chilesFocalPoint.PostAsJsonAsync($"{Api}/{id}/progress-reports", new { year = 2024, summary = "Not our partnership at all." }), HttpStatusCode.Forbidden);
        await CreatedAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/progress-reports", new { year = 2024, summary = "Partners signed and funding arrived." }));
        Assert.Equal(2, await ScalarAsync($"SELECT count(*) FROM partnerships.progress_reports WHERE partnership_id = '{id}'"));

        var page = await OkAsync(await anonymous.GetAsync($"{Api}/public/{id}"));
        Assert.Equal("Textile waste recycling in East Africa", page.GetProperty("title").GetString());
        Assert.Equal([2025, 2024], page.GetProperty("progressReports").EnumerateArray().Select(r => r.GetProperty("year").GetInt32()).ToArray());
        Assert.Contains(page.GetProperty("deliverables").EnumerateArray(), d => d.GetProperty("status").GetString() == "delivered");
        var publicList = await OkAsync(await anonymous.GetAsync($"{Api}/public"));
        Assert.Equal(id, Assert.Single(publicList.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        // Everything but the public pages needs a token.
        await AssertStatusAsync(await anonymous.GetAsync($"{Api}/{id}"), HttpStatusCode.Unauthorized);
    }
}
