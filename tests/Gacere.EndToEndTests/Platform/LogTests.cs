using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Gacere.EndToEndTests.Membership;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Gacere.EndToEndTests.Platform;

/// <summary>Every resource's log in its own file; every service line with its trace; one request followed across them.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class LogTests(TopologyFixture platform)
{
    private static readonly string DevHost = Path.Combine(AppContext.BaseDirectory, "Gacere.DevHost.dll");

    [Theory]
    [InlineData(ResourceNames.Postgres, "database system is ready to accept connections")]
    [InlineData(ResourceNames.Cache, "Ready to accept connections")]
    [InlineData(ResourceNames.Messaging, "Server startup complete")]
    [InlineData(ResourceNames.Membership, "Now listening on: " )]
    [InlineData(ResourceNames.Gateway, "Now listening on: ")]
    public void Each_resource_has_a_log_file_holding_its_own_lines(string resource, string expected)
    {
        var file = Path.Combine(platform.Topology.Servers.LogsDirectory, $"{resource}.log");

        Assert.True(File.Exists(file), $"{file} is missing");
        var lines = ReadShared(file);
        Assert.Contains(lines, line => line.Contains(expected, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Matches(LinePrefix(), line));
    }

    [Fact]
    public async Task One_request_is_found_by_its_trace_id_in_the_gateway_and_the_service_in_time_order()
    {
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using var client = platform.ClientWithToken(GacereRoles.Secretariat);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/membership/applications");
        request.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var output = "";
        Assert.True(await Eventually.HoldsAsync(async () =>
            {
                (_, output) = await RunDevHostAsync("logs", "--trace", traceId, "--state", platform.Topology.Servers.StateDirectory);
                return output.Contains("\ngateway ", StringComparison.Ordinal) && output.Contains("\nmembership ", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500)),
            $"logs --trace {traceId} should show the gateway's and membership's lines:\n{output}");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('[')).ToList();
        Assert.All(lines, line => Assert.Matches($@"^\w+ +\S+ [A-Z]{{3}} {traceId}/[0-9a-f]{{16}} ", line));
        var times = lines.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
        // The gateway receives the request before membership does.
        Assert.True(lines.FindIndex(l => l.StartsWith("gateway ", StringComparison.Ordinal)) <
                    lines.FindIndex(l => l.StartsWith("membership ", StringComparison.Ordinal)), output);
    }

    [Fact]
    public async Task An_admission_is_followed_by_its_trace_through_the_outbox_and_the_broker_into_every_consumer()
    {
        var membership = new MembershipClient(platform);
        var (applicationId, _) = await membership.SubmitValidAsync(MembershipClient.UniqueName("Traced"));
        using (var review = await membership.ActAsync($"/api/membership/applications/{applicationId}/review"))
        {
            Assert.True(review.IsSuccessStatusCode);
        }
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using var secretariat = platform.ClientWithToken(GacereRoles.Secretariat);
        using var approval = new HttpRequestMessage(HttpMethod.Post, $"/api/membership/applications/{applicationId}/approval")
        {
            Content = JsonContent.Create(new { category = "supporting_stakeholder" }),
        };
        approval.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01");
        using (var approved = await secretariat.SendAsync(approval))
        {
            Assert.True(approved.IsSuccessStatusCode);
        }

        string[] hops = [ResourceNames.Gateway, ResourceNames.Membership, ResourceNames.Events, ResourceNames.PolicyMapping, ResourceNames.Partnerships];
        var output = "";
        Assert.True(await Eventually.HoldsAsync(async () =>
            {
                (_, output) = await RunDevHostAsync("logs", "--trace", traceId, "--state", platform.Topology.Servers.StateDirectory);
                return hops.All(hop => output.Contains($"\n{hop} ", StringComparison.Ordinal)) && output.Contains("RECEIVE", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)),
            $"logs --trace {traceId} should show the gateway, membership and the three consumers:\n{output}");
    }

    [Fact]
    public async Task Status_of_a_state_folder_where_nothing_runs_says_so()
    {
        var state = Path.Combine(Path.GetTempPath(), $"gacere-nothing-{Guid.NewGuid():N}");
        var (code, output) = await RunDevHostAsync("status", "--state", state);

        Assert.Equal(3, code);
        Assert.Contains("nothing runs", output);
    }

    [Fact]
    public async Task A_quiet_start_prints_a_short_console_and_status_works_from_another_process()
    {
        var state = Path.Combine(Path.GetTempPath(), $"gacere-console-{Guid.NewGuid():N}");
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["exec", DevHost, "run", "--state", state])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var console = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) console.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) console.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(console.Any(l => l.Contains("press Ctrl-C", StringComparison.Ordinal)) || process.HasExited),
                TimeSpan.FromSeconds(180), TimeSpan.FromMilliseconds(250)) && !process.HasExited, string.Join('\n', console));
            var lines = console.ToList();
            // A fresh state folder: state changes, the table and the gateway URL; not the ~470 lines the servers and services write.
            Assert.True(lines.Count <= 45, $"{lines.Count} console lines:\n{string.Join('\n', lines)}");
            Assert.Contains(lines, l => l.Contains("Gateway: http://127.0.0.1:", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("management UI: http://127.0.0.1:", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("RabbitMQ", StringComparison.Ordinal) && l.Contains("Copyright", StringComparison.Ordinal));

            var (code, status) = await RunDevHostAsync("status", "--state", state);
            Assert.True(code == 0, status);
            Assert.Matches(@"membership +healthy", status);
            Assert.Matches(@"gateway +healthy", status);

            var (_, log) = await RunDevHostAsync("logs", "membership", "--state", state);
            Assert.Contains("Now listening on: ", log);
        }
        finally
        {
            if (!process.HasExited)
            {
                NativeSignal(process.Id, 15);
                await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            }
            var (code, status) = await RunDevHostAsync("status", "--state", state);
            Assert.Equal(3, code);
            Assert.Contains("nothing runs", status);
            try
            {
                Directory.Delete(state, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the postgres user's files under /tmp; nothing runs from them
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunDevHostAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["exec", DevHost, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return (process.ExitCode, "\n" + await stdout + await stderr);
    }

    private static List<string> ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }

    private static void NativeSignal(int pid, int signal) => Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    // 2026-11-23T19:20:01.234Z INF <trace>/<span> or -
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [A-Z]{3} (-|[0-9a-f]{32}/[0-9a-f]{16}) ")]
    private static partial Regex LinePrefix();
}
