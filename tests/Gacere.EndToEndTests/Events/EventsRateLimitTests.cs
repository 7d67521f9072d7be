using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gacere.DevHost;
using Gacere.EndToEndTests.Membership;

namespace Gacere.EndToEndTests.Events;

/// <summary>
/// The events routes are rate limited at the gateway like membership's: past the per-client allowance a client gets a
/// 429 problem with Retry-After, whether it reads anonymously or writes with a token. On a platform of its own (the
/// events service and the gateway) with a small allowance: the shared platform's is out of reach of a test by design.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EventsRateLimitTests
{
    private const int Allowance = 6;

    [Fact]
    public async Task Past_the_allowance_reads_and_writes_get_a_429_problem_with_Retry_After()
    {
        await using var topology = await PlatformTopology.StartAsync(new TopologyOptions
        {
            Services = [ResourceNames.Events],
            Environment = new Dictionary<string, string>
            {
                ["Gateway__RateLimits__RequestsPerWindow"] = Allowance.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Gateway__RateLimits__Window"] = "00:10:00", // the burst never straddles two windows
            },
        });

        // Anonymous reads of the public calendar, counted per client address.
        using var anonymous = new HttpClient { BaseAddress = topology.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        var reads = new List<HttpStatusCode>();
        HttpResponseMessage? limitedRead = null;
        for (var i = 0; i < Allowance + 2; i++)
        {
            var response = await anonymous.GetAsync("/api/events/calendar");
            reads.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limitedRead ??= response;
            }
            else
            {
                response.Dispose();
            }
        }
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Allowance), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], reads);
        await AssertLimitedAsync(limitedRead!);

        // The secretariat's writes, counted per token subject: its own allowance, then the same 429.
        using var secretariat = new HttpClient { BaseAddress = topology.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        secretariat.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", DevTokens.Mint(topology.SigningKey, GacereRoles.Secretariat));
        var writes = new List<HttpStatusCode>();
        HttpResponseMessage? limitedWrite = null;
        for (var i = 0; i < Allowance + 1; i++)
        {
            // Planned in different years' Novembers: each one is a new expert meeting, accepted while allowed.
            var response = await secretariat.PostAsJsonAsync("/api/events/meetings", new
            {
                type = "expert_meeting",
                title = $"Rate-limited expert meeting {i}",
                startsAt = $"2032-11-{i + 1:00}T10:00:00",
                endsAt = $"2032-11-{i + 1:00}T12:00:00",
                timeZone = "Europe/Brussels",
            });
            writes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limitedWrite ??= response;
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Created, await MembershipClient.Describe(response));
                response.Dispose();
            }
        }
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Created, Allowance), HttpStatusCode.TooManyRequests], writes);
        await AssertLimitedAsync(limitedWrite!);
    }

    private static async Task AssertLimitedAsync(HttpResponseMessage limited)
    {
        using (limited)
        {
            Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
            var problem = await MembershipClient.ProblemAsync(limited);
            Assert.Equal(429, problem.GetProperty("status").GetInt32());
        }
    }
}
