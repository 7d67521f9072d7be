extern alias partnerships;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Gacere.Contracts.Membership;
using Gacere.Contracts.Partnerships;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gacere.ApiTests.Partnerships;

/// <summary>
/// Events out and in over the service's own RabbitMQ virtual host: a subscriber of this test's own binds a queue to
/// each partnership event and counts what arrives; membership events are published as membership's relay does.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class PartnershipEventsApiTests(ServersFixture servers) : PartnershipsApiTest(servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    /// <summary>After the expected deliveries: long enough for a duplicate publish or a redelivery to land.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Activation_completion_and_discontinuation_each_reach_a_bound_subscriber_exactly_once_through_the_outbox()
    {
        var subscriber = new Subscriber();
        var bus = await subscriber.StartAsync(Service.Services.GetRequiredService<IConfiguration>().GetConnectionString("messaging")!);
        try
        {
            var kenya = await MemberAsync("Republic of Kenya");
            var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
            var completed = (await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, Proposal(kenya, uganda)))).GetProperty("id").GetGuid();
            var discontinued = (await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, Proposal(uganda, kenya,
                title: "Battery take-back in Uganda", objective: "Collect spent vehicle batteries for safe recycling across Uganda.",
                valueChains: ["batteries_vehicles"])))).GetProperty("id").GetGuid();

            await ReviewAndAcceptAsync(completed);
            await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{completed}/activation", new { note = "ready" }));
            // A refused transition publishes nothing: activating twice is a 409.
            await AssertStatusAsync(await Secretariat.PostAsJsonAsync($"{Api}/{completed}/activation", new { }), HttpStatusCode.Conflict);
            await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{completed}/completion", new { note = "all delivered" }));
            await OkAsync(await Secretariat.PostAsJsonAsync($"{Api}/{discontinued}/discontinuation", new { reason = "merged into another partnership" }));

            // Each expected event, for the partnership it is about, then a grace period in which no further one may arrive.
            (string Kind, Guid PartnershipId)[] expected = [("activated", completed), ("completed", completed), ("discontinued", discontinued)];
            Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(expected.All(e => subscriber.CountOf(e.Kind, e.PartnershipId) >= 1)), Patience),
                $"expected {string.Join(", ", expected)}; received {subscriber.Describe()}");
            Assert.False(await Eventually.HoldsAsync(() => Task.FromResult(subscriber.TotalFor(completed, discontinued) > expected.Length), Grace),
                $"a second or unexpected delivery arrived: {subscriber.Describe()}");

            Assert.All(expected, e => Assert.Equal(1, subscriber.CountOf(e.Kind, e.PartnershipId)));
            Assert.Equal(expected.Length, subscriber.TotalFor(completed, discontinued));
            var activated = Assert.Single(subscriber.Activated, a => a.PartnershipId == completed);
            Assert.Equal((completed, kenya, "regional"), (activated.PartnershipId, activated.LeadMemberId, activated.Kind));
            Assert.Equal(new[] { kenya, uganda }.Order(), activated.PartnerMemberIds.Order());
            Assert.Equal(["textiles"], activated.ValueChains);
            Assert.Equal("all delivered", Assert.Single(subscriber.Completed, c => c.PartnershipId == completed).Note);
            var stopped = Assert.Single(subscriber.Discontinued, d => d.PartnershipId == discontinued);
            Assert.Equal(("proposed", "merged into another partnership"), (stopped.PreviousStatus, stopped.Reason));
            Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM partnerships.outbox_messages WHERE sent_at IS NULL"));
            Assert.Equal(3, await ScalarAsync("SELECT count(*) FROM partnerships.outbox_messages"));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task The_withdrawal_consumer_takes_only_withdrawals_a_suspension_reaches_the_replica_but_not_it()
    {
        var kenya = await MemberAsync("Republic of Kenya");
        var uganda = await MemberAsync("Republic of Uganda", country: "UGA");
        var id = (await CreatedAsync(await Secretariat.PostAsJsonAsync(Api, Proposal(kenya, uganda)))).GetProperty("id").GetGuid();
        var bus = Service.Services.GetRequiredService<IBus>();
        var messageId = Guid.NewGuid();
        var suspended = new MemberSuspended(kenya, "Republic of Kenya", "national_government", "KEN", "member", "suspended", new DateOnly(2026, 3, 1), 2, "dues");

        // Published as membership's relay does, under its concrete type; the replica's queue may still be binding.
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            await bus.Publish(suspended, context => context.MessageId = messageId);
            return await ScalarAsync($"SELECT count(*) FROM partnerships.inbox_messages WHERE message_id = '{messageId}' AND consumer = 'member-replica'") == 1;
        }, Patience, TimeSpan.FromMilliseconds(500)), "the suspension never reached the replica");
        // The withdrawal consumer's queue is bound to MemberWithdrawn only: it never sees the suspension, let alone records it.
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM partnerships.inbox_messages WHERE message_id = '{messageId}' AND consumer = 'partner-withdrawal'"));
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM partnerships.trail_entries WHERE partnership_id = '{id}' AND action = 'partner_withdrawn'"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM partnerships.partners WHERE ended_at IS NOT NULL"));
    }

    /// <summary>Another service's view: a queue of its own bound to each partnership event, counting deliveries per event and partnership.</summary>
    private sealed class Subscriber
    {
        private readonly ConcurrentDictionary<(string Kind, Guid PartnershipId), int> _received = new();

        public ConcurrentBag<PartnershipActivated> Activated { get; } = [];
        public ConcurrentBag<PartnershipCompleted> Completed { get; } = [];
        public ConcurrentBag<PartnershipDiscontinued> Discontinued { get; } = [];

        public int CountOf(string kind, Guid partnershipId) => _received.GetValueOrDefault((kind, partnershipId));

        /// <summary>Every delivery of any event about these partnerships.</summary>
        public int TotalFor(params Guid[] partnershipIds) => _received.Where(r => partnershipIds.Contains(r.Key.PartnershipId)).Sum(r => r.Value);

        public string Describe() => _received.IsEmpty ? "nothing" : string.Join(", ", _received.Select(r => $"{r.Key.Kind} {r.Key.PartnershipId} x{r.Value}"));

        public async Task<IBusControl> StartAsync(string messaging)
        {
            var uri = new Uri(messaging);
            var credentials = uri.UserInfo.Split(':', 2);
            var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
            {
                rabbit.Host(uri.Host, (ushort)uri.Port, Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')), host =>
                {
                    host.Username(Uri.UnescapeDataString(credentials[0]));
                    host.Password(Uri.UnescapeDataString(credentials[1]));
                });
                rabbit.ReceiveEndpoint($"test-partnership-events-{Guid.NewGuid():N}", endpoint =>
                {
                    endpoint.AutoDelete = true;
                    endpoint.Handler<PartnershipActivated>(context => Record("activated", context.Message.PartnershipId, context.Message, Activated));
                    endpoint.Handler<PartnershipCompleted>(context => Record("completed", context.Message.PartnershipId, context.Message, Completed));
                    endpoint.Handler<PartnershipDiscontinued>(context => Record("discontinued", context.Message.PartnershipId, context.Message, Discontinued));
                });
            });
            await bus.StartAsync();
            // The queue and its bindings exist once the bus is healthy: only then may the events be relayed.
            if (await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30)) != BusHealthStatus.Healthy)
            {
                throw new TimeoutException("The test subscriber's bus did not become healthy.");
            }
            return bus;
        }

        private Task Record<T>(string kind, Guid id, T message, ConcurrentBag<T> into)
        {
            into.Add(message);
            _received.AddOrUpdate((kind, id), 1, (_, count) => count + 1);
            return Task.CompletedTask;
        }
    }
}
