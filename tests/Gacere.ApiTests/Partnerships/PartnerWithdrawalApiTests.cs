extern alias partnerships;

using System.Net.Http.Json;
using Gacere.Contracts.Membership;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using partnerships::Gacere.Partnerships.Data;
using partnerships::Gacere.Partnerships.Domain;

namespace Gacere.ApiTests.Partnerships;

/// <summary>
/// A membership "withdrawn" event over the service's own RabbitMQ virtual host, delivered twice; published under its
/// concrete type as membership's outbox relay publishes it (the withdrawal consumer's queue is bound to that type only).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class PartnerWithdrawalApiTests(ServersFixture servers) : PartnershipsApiTest(servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_lead_withdrawn_flags_its_partnership_for_a_new_lead_once_even_when_the_event_comes_twice()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        var id = (await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, Proposal(kenya, uganda)))).GetProperty("id").GetGuid();
        var bus = Service.Services.GetRequiredService<IBus>();
        var messageId = Guid.NewGuid();
        var withdrawn = new MemberWithdrawn(kenya, "Republic of Kenya", "national_government", "KEN", "member", "withdrawn", new DateOnly(2026, 3, 1), 2, "left");

        // The consumer's queue may still be binding right after start: publish until the effect shows, always with one MessageId.
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            await bus.Publish(withdrawn, context => context.MessageId = messageId);
            return await ScalarAsync($"SELECT count(*) FROM partnerships.trail_entries WHERE partnership_id = '{id}' AND action = 'partner_withdrawn'") > 0;
        }, Patience, TimeSpan.FromMilliseconds(500)), "the withdrawal never reached the partnership");
        // A second, distinct "withdrawn" event for the same member (a redelivery from another relay attempt) changes nothing either.
        var second = Guid.NewGuid();
        await bus.Publish(withdrawn with { Version = 3 }, context => context.MessageId = second);
        // The withdrawal consumer itself has handled the second event (its inbox row commits with its effect).
        Assert.True(await Eventually.HoldsAsync(async () =>
            await ScalarAsync($"SELECT count(*) FROM partnerships.inbox_messages WHERE message_id = '{second}' AND consumer = 'partner-withdrawal'") == 1, Patience));

        Assert.Equal(1, await ScalarAsync($"SELECT count(*) FROM partnerships.trail_entries WHERE partnership_id = '{id}' AND action = 'partner_withdrawn'"));
        var view = await OkAsync(await Secretariat.GetAsync($"{Api}/{id}"));
        Assert.True(view.GetProperty("needsNewLead").GetBoolean());
        var lead = view.GetProperty("partners").EnumerateArray().Single(p => p.GetProperty("role").GetString() == "lead");
        Assert.Equal(System.Text.Json.JsonValueKind.String, lead.GetProperty("endedAt").ValueKind);
        Assert.Contains(Strings(view.GetProperty("activationBlockers")), b => b.Contains("new lead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_partner_that_withdrew_no_longer_counts_as_a_shared_partner_or_the_same_lead_in_the_duplicate_check()
    {
        var rwanda = await MemberAsync("Republic of Rwanda", country: "RWA");
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        // Both led by Rwanda, the only partner they share.
        var first = (await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, Proposal(rwanda, kenya)))).GetProperty("id").GetGuid();
        var second = await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, Proposal(rwanda, uganda)));
        var secondId = second.GetProperty("id").GetGuid();
        var before = Assert.Single(second.GetProperty("duplicateCandidates").EnumerateArray(),
            c => c.GetProperty("source").GetString() == "partnership" && c.GetProperty("partnershipId").GetGuid() == first);
        var reasonsBefore = Strings(before.GetProperty("reasons"));
        Assert.Contains("same lead", reasonsBefore);
        Assert.Contains("1 of 2 partners", reasonsBefore);

        var bus = Service.Services.GetRequiredService<IBus>();
        var messageId = Guid.NewGuid();
        var withdrawn = new MemberWithdrawn(rwanda, "Republic of Rwanda", "national_government", "RWA", "member", "withdrawn", new DateOnly(2026, 3, 1), 2, "left");
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            await bus.Publish(withdrawn, context => context.MessageId = messageId);
            return await ScalarAsync($"SELECT count(*) FROM partnerships.trail_entries WHERE partnership_id IN ('{first}', '{secondId}') AND action = 'partner_withdrawn'") == 2;
        }, Patience, TimeSpan.FromMilliseconds(500)), "the withdrawal never reached both partnerships");

        // The second proposal's check run again as it was proposed (still naming Rwanda): the first partnership is
        // still a likely duplicate on its text, countries and value chain, but Rwanda's part in it has ended.
        using var scope = Service.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnershipsDbContext>();
        var proposed = await db.Partnerships.AsNoTracking().SingleAsync(p => p.Id == secondId);
        Assert.Contains(rwanda, proposed.PartnerMemberIds);
        var again = await DuplicateCheck.RunAsync(db, secondId, proposed.Title, proposed.Objective,
            new DuplicateProfile(rwanda, proposed.PartnerMemberIds, proposed.Countries, proposed.CoveredRegions, proposed.ValueChains), CancellationToken.None);

        var after = Assert.Single(again, c => c.OtherPartnershipId == first);
        Assert.DoesNotContain("same lead", after.Reasons);
        Assert.DoesNotContain(after.Reasons, r => r.EndsWith(" partners", StringComparison.Ordinal));
        Assert.Contains("2 of 2 countries", after.Reasons);
        Assert.True(after.Score < before.GetProperty("score").GetDouble(), $"score {after.Score} after the withdrawal, {before.GetProperty("score").GetDouble()} before");
    }

    [Fact]
    public async Task The_secretariat_names_a_new_lead_for_an_active_partnership_whose_lead_withdrew_with_a_trail_entry()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        var suspended = await MemberAsync("Republic of Rwanda", status: "suspended", country: "RWA");
        var id = (await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, Proposal(kenya, uganda)))).GetProperty("id").GetGuid();
        await ReviewAndAcceptAsync(id);
        await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/activation", new { }));
        // While the lead is still there, there is no new lead to name.
        await AssertStatusAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/lead", new { memberId = uganda }), System.Net.HttpStatusCode.Conflict);

        var bus = Service.Services.GetRequiredService<IBus>();
        var messageId = Guid.NewGuid();
        var withdrawn = new MemberWithdrawn(kenya, "Republic of Kenya", "national_government", "KEN", "member", "withdrawn", new DateOnly(2026, 3, 1), 2, "left");
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            await bus.Publish(withdrawn, context => context.MessageId = messageId);
            return (await OkAsync(await Secretariat.GetAsync($"{Api}/{id}"))).GetProperty("needsNewLead").GetBoolean();
        }, Patience, TimeSpan.FromMilliseconds(500)), "the withdrawal never flagged the partnership");

        // A focal point may not; a suspended member may not lead; a missing member id is a 400 naming it.
        await AssertStatusAsync(await FocalPoint(uganda).PostAsJsonAsync($"{Api}/{id}/lead", new { memberId = uganda }), System.Net.HttpStatusCode.Forbidden);
        await AssertInvalidAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/lead", new { memberId = suspended }), "memberId");
        await AssertInvalidAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/lead", new { memberId = Guid.NewGuid() }), "memberId");
        await AssertInvalidAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/lead", new { note = "no one" }), "memberId");

        var view = await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/lead", new { memberId = uganda, note = "agreed by the partners" }));

        Assert.False(view.GetProperty("needsNewLead").GetBoolean());
        Assert.Equal("active", view.GetProperty("status").GetString());
        var current = view.GetProperty("partners").EnumerateArray().Single(p => !p.TryGetProperty("endedAt", out var ended) || ended.ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Equal(("Republic of Uganda", "lead"), (current.GetProperty("organisationName").GetString(), current.GetProperty("role").GetString()));
        Assert.Equal(1, await ScalarAsync($"SELECT count(*) FROM partnerships.trail_entries WHERE partnership_id = '{id}' AND action = 'lead_named' AND actor <> ''"));
        Assert.Equal(uganda.ToString(), (await OkAsync(await Secretariat.GetAsync($"{Api}?status=active"))).GetProperty("items")[0].GetProperty("leadMemberId").GetString());
        // Named once: the flag is cleared, so a second naming is a 409.
        await AssertStatusAsync(await Secretariat.PostAsJsonAsync($"{Api}/{id}/lead", new { memberId = uganda }), System.Net.HttpStatusCode.Conflict);
    }
}
