using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gacere.Contracts.Membership;
using Gacere.Contracts.PolicyMapping;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gacere.ApiTests.PolicyMapping;

/// <summary>
/// Issue 10, item 7: publishing and archiving an instrument reach a real subscriber on the service's RabbitMQ virtual
/// host exactly once, through the outbox of the step's own commit; a member's withdrawal, arriving as a real
/// membership event, freezes its drafts without deleting them.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class InstrumentEventsApiTests(ServersFixture servers) : PolicyMappingApiTest(servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<(Guid? MessageId, object Message)> _received = new();
    private IBusControl? _subscriber;

    public override async Task DisposeAsync()
    {
        if (_subscriber is not null)
        {
            await _subscriber.StopAsync();
        }
        await base.DisposeAsync();
    }

    /// <summary>A bus of its own on the service's virtual host, with a queue bound to both announcements before anything is published.</summary>
    private async Task SubscribeAsync()
    {
        var messaging = new Uri(Service.Services.GetRequiredService<IConfiguration>().GetConnectionString("messaging")!);
        var credentials = messaging.UserInfo.Split(':', 2);
        _subscriber = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(messaging.Host, (ushort)messaging.Port, Uri.UnescapeDataString(messaging.AbsolutePath.Trim('/')), host =>
            {
                host.Username(Uri.UnescapeDataString(credentials[0]));
                host.Password(Uri.UnescapeDataString(credentials[1]));
            });
            rabbit.ReceiveEndpoint($"test-policy-announcements-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<PolicyInstrumentPublished>(context =>
                {
                    _received.Enqueue((context.MessageId, context.Message));
                    return Task.CompletedTask;
                });
                endpoint.Handler<PolicyInstrumentArchived>(context =>
                {
                    _received.Enqueue((context.MessageId, context.Message));
                    return Task.CompletedTask;
                });
            });
        });
        await _subscriber.StartAsync();
        Assert.Equal(BusHealthStatus.Healthy, await _subscriber.WaitForHealthStatus(BusHealthStatus.Healthy, Patience));
    }

    [Fact]
    public async Task Publishing_and_archiving_an_instrument_reach_a_subscriber_exactly_once_each_through_the_outbox()
    {
        await SubscribeAsync();
        var id = await PublishedInstrumentAsync(Kenya, KenyanLevy());
        // The event row was written in the publication's own commit, beside the trail row that says "published".
        Assert.Equal(1, await ScalarAsync(
            "SELECT count(*) FROM policymapping.outbox_messages WHERE message_type LIKE 'Gacere.Contracts.PolicyMapping.PolicyInstrumentPublished,%'"));
        // An illegal step writes no event.
        using (var again = await Secretariat.PostAsJsonAsync($"{Instruments}/{id}/publication", new JsonObject()))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        await PostAsync(Secretariat, $"{Instruments}/{id}/archival", new JsonObject { ["reason"] = "Superseded by the 2025 Finance Act." });

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(_received.Count >= 2), Patience),
            $"the subscriber got {_received.Count} of the two announcements");
        Assert.True(await Eventually.HoldsAsync(
            async () => await ScalarAsync("SELECT count(*) FROM policymapping.outbox_messages WHERE sent_at IS NULL") == 0, Patience),
            "the relay should have marked both rows sent");
        // Nothing more arrives: each transition is announced once.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _received.Count);

        var published = Assert.Single(_received.Select(r => r.Message).OfType<PolicyInstrumentPublished>());
        Assert.Equal((id, Kenya, "KEN", "Plastic bag excise levy", "economic_fiscal"),
            (published.InstrumentId, published.MemberId, published.CountryIso3, published.TitleEnglish, published.InstrumentType));
        Assert.Equal(["plastics"], published.ValueChains);
        Assert.Equal(["circular_economy", "just_transition"], published.Themes);
        var archived = Assert.Single(_received.Select(r => r.Message).OfType<PolicyInstrumentArchived>());
        Assert.Equal((id, "Superseded by the 2025 Finance Act."), (archived.InstrumentId, archived.Reason));
        Assert.True(archived.ArchivedAt >= published.PublishedAt);
        // Each message carries its outbox row's id, so a subscriber can deduplicate a republished row.
        Assert.Equal(2, await ScalarAsync(
            $"SELECT count(*) FROM policymapping.outbox_messages WHERE id IN ('{_received.ElementAt(0).MessageId}', '{_received.ElementAt(1).MessageId}')"));
    }

    [Fact]
    public async Task A_withdrawn_members_drafts_are_frozen_not_deleted_when_its_withdrawal_arrives_from_membership()
    {
        using var kenya = FocalPoint(Kenya);
        var draft = await DraftAsync(kenya, KenyanLevy());
        var rejected = await DraftAsync(kenya, KenyanLevy("https://www.kra.go.ke/excise/2019"));
        await PostAsync(kenya, $"{Instruments}/{rejected}/submission", null);
        await PostAsync(Secretariat, $"{Instruments}/{rejected}/rejection", new JsonObject { ["reason"] = "Give the 2019 amendment's text." });
        var trailBefore = await ScalarAsync("SELECT count(*) FROM policymapping.curation_entries");

        // Membership's event, over the bus, into the replica (as the real platform delivers it).
        var bus = Service.Services.GetRequiredService<IBus>();
        var withdrawn = new MemberWithdrawn(Kenya, "Government of Kenya", "national_government", "KEN", "member", "withdrawn", new DateOnly(2026, 11, 1), 2, "Left the Alliance.");
        var messageId = Guid.NewGuid();
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            await bus.Publish<IMembershipChanged>(withdrawn, context => context.MessageId = messageId);
            return await ScalarAsync($"SELECT count(*) FROM policymapping.member_replicas WHERE member_id = '{Kenya}' AND status = 'withdrawn'") == 1;
        }, Patience, TimeSpan.FromMilliseconds(500)), "the withdrawal never reached the replica");

        // Frozen: no revision, submission or redraft, by the focal point or by the secretariat; 409 naming the status.
        using (var revised = await kenya.PutAsJsonAsync($"{Instruments}/{draft}", KenyanLevy()))
        {
            Assert.Contains("withdrawn", await RefusedAsync(revised, HttpStatusCode.Conflict));
        }
        using (var revisedBySecretariat = await Secretariat.PutAsJsonAsync($"{Instruments}/{draft}", KenyanLevy()))
        {
            Assert.Contains("withdrawn", await RefusedAsync(revisedBySecretariat, HttpStatusCode.Conflict));
        }
        using (var submitted = await kenya.PostAsJsonAsync($"{Instruments}/{draft}/submission", new JsonObject()))
        {
            Assert.Contains("withdrawn", await RefusedAsync(submitted, HttpStatusCode.Conflict));
        }
        using (var redrafted = await kenya.PostAsJsonAsync($"{Instruments}/{rejected}/redraft", new JsonObject()))
        {
            Assert.Contains("withdrawn", await RefusedAsync(redrafted, HttpStatusCode.Conflict));
        }
        using (var proposed = await kenya.PostAsJsonAsync("/api/policies/research-needs", new JsonObject { ["title"] = "Anything", ["description"] = "Anything at all to propose." }))
        {
            Assert.Contains("withdrawn", await RefusedAsync(proposed, HttpStatusCode.Conflict));
        }

        // Not deleted: both are still there, unchanged, for the secretariat and in the workspace; the trail has no new row.
        var kept = await GetAsync(Secretariat, $"{Instruments}/{draft}");
        Assert.Equal(("draft", "Plastic bag excise levy"), (kept.GetProperty("status").GetString(), kept.GetProperty("titleEnglish").GetString()));
        Assert.Equal("rejected", (await GetAsync(Secretariat, $"{Instruments}/{rejected}")).GetProperty("status").GetString());
        Assert.Equal(2, (await GetAsync(kenya, Instruments)).GetProperty("totalCount").GetInt64());
        Assert.Equal(trailBefore, await ScalarAsync("SELECT count(*) FROM policymapping.curation_entries"));
        Assert.Equal(2, await ScalarAsync($"SELECT count(*) FROM policymapping.policy_instruments WHERE member_id = '{Kenya}'"));
    }
}
