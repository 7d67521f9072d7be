using System.Net.Http.Json;
using Gacere.Contracts.Membership;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Gacere.ApiTests.Partnerships;

/// <summary>A membership "withdrawn" event over the service's own RabbitMQ virtual host, delivered twice.</summary>
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
            await bus.Publish<IMembershipChanged>(withdrawn, context => context.MessageId = messageId);
            return await ScalarAsync($"SELECT count(*) FROM partnerships.trail_entries WHERE partnership_id = '{id}' AND action = 'partner_withdrawn'") > 0;
        }, Patience, TimeSpan.FromMilliseconds(500)), "the withdrawal never reached the partnership");
        // A second, distinct "withdrawn" event for the same member (a redelivery from another relay attempt) changes nothing either.
        await bus.Publish<IMembershipChanged>(withdrawn with { Version = 3 }, context => context.MessageId = Guid.NewGuid());
        Assert.True(await Eventually.HoldsAsync(async () =>
            await ScalarAsync($"SELECT count(*) FROM partnerships.member_replicas WHERE member_id = '{kenya}' AND version = 3") == 1, Patience));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await ScalarAsync($"SELECT count(*) FROM partnerships.trail_entries WHERE partnership_id = '{id}' AND action = 'partner_withdrawn'"));
        var view = await OkAsync(await Secretariat.GetAsync($"{Api}/{id}"));
        Assert.True(view.GetProperty("needsNewLead").GetBoolean());
        var lead = view.GetProperty("partners").EnumerateArray().Single(p => p.GetProperty("role").GetString() == "lead");
        Assert.Equal(System.Text.Json.JsonValueKind.String, lead.GetProperty("endedAt").ValueKind);
        Assert.Contains(Strings(view.GetProperty("activationBlockers")), b => b.Contains("new lead", StringComparison.Ordinal));
    }
}
