using System.Diagnostics;
using System.Net;
using Gacere.DevHost;

namespace Gacere.EndToEndTests.Platform;

/// <summary>/health tells the truth about the broker: 503 while RabbitMQ is gone or does not answer, 200 once it does.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HealthTests(TopologyFixture platform)
{
    /// <summary>Each check answers within 2 s; a probe every 250 ms; a margin for a shared 2-core machine.</summary>
    private static readonly TimeSpan NoticeWithin = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan RecoverWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_service_answers_503_within_seconds_of_RabbitMQ_stopping_and_200_after_it_restarts()
    {
        await AssertAllAsync(HttpStatusCode.OK, RecoverWithin, "before the outage");

        await platform.Topology.Servers.StopServerAsync(ResourceNames.Messaging);
        try
        {
            await AssertAllAsync(HttpStatusCode.ServiceUnavailable, NoticeWithin, "with RabbitMQ stopped");
        }
        finally
        {
            await platform.Topology.Servers.StartServerAsync(ResourceNames.Messaging);
        }
        await AssertAllAsync(HttpStatusCode.OK, RecoverWithin, "after RabbitMQ restarted");
    }

    [Fact]
    public async Task Every_service_answers_503_within_seconds_of_RabbitMQ_pausing_and_200_after_it_resumes()
    {
        await AssertAllAsync(HttpStatusCode.OK, RecoverWithin, "before the pause");
        var broker = BrokerProcess.Pid(platform.Topology.Servers);

        // SIGSTOP: the port stays open and connections stay up, but nothing answers (a hung or swapped-out broker).
        Assert.True(BrokerProcess.Pause(broker));
        try
        {
            await AssertAllAsync(HttpStatusCode.ServiceUnavailable, NoticeWithin, "with RabbitMQ paused");
            // Still 503, and each answer comes within the bound rather than hanging on the broker.
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(new Uri(platform.Topology.ServiceUrls[ResourceNames.Membership], "/health"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"/health took {watch.Elapsed.TotalSeconds:F1} s with the broker paused");
        }
        finally
        {
            BrokerProcess.Resume(broker);
        }
        await AssertAllAsync(HttpStatusCode.OK, RecoverWithin, "after RabbitMQ resumed");
    }

    /// <summary>Polls every service's own /health until each has answered <paramref name="expected"/>.</summary>
    private async Task AssertAllAsync(HttpStatusCode expected, TimeSpan within, string when)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var results = await Task.WhenAll(ResourceNames.Services.Select(async service =>
        {
            var url = new Uri(platform.Topology.ServiceUrls[service], "/health");
            var last = "no answer";
            var held = await Eventually.HoldsAsync(async () =>
            {
                try
                {
                    using var response = await client.GetAsync(url);
                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    return response.StatusCode == expected;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    last = ex.Message;
                    return false;
                }
            }, within, TimeSpan.FromMilliseconds(250));
            return (service, held, last);
        }));
        Assert.All(results, r => Assert.True(r.held, $"{r.service} /health {when}: expected {(int)expected} within {within.TotalSeconds:0} s, last {r.last}\n{platform.RecentLog(30)}"));
    }
}
