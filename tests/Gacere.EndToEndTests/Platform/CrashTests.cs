using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Gacere.EndToEndTests.Platform;

/// <summary>A DevHost that is killed outright (no Ctrl-C, no dispose) still leaves no server running.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class CrashTests
{
    [Fact]
    public async Task Servers_of_a_killed_DevHost_are_stopped_by_its_watchdog()
    {
        var state = Path.Combine(Path.GetTempPath(), $"gacere-crash-{Guid.NewGuid():N}");
        var devHost = Path.Combine(AppContext.BaseDirectory, "Gacere.DevHost.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["exec", devHost, "servers", "--quiet", "--state", state])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        List<int> ports = [];
        try
        {
            await Eventually.HoldsAsync(() =>
            {
                ports = [.. output.Select(line => PortOf().Match(line)).Where(m => m.Success)
                    .Select(m => int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct()];
                return Task.FromResult(ports.Count >= 3 || process.HasExited);
            }, TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(200));
            Assert.True(ports.Count >= 3, $"the DevHost did not print the servers' addresses:\n{string.Join('\n', output)}");
            Assert.All(ports.Distinct(), port => Assert.True(Ports.Listening(port), $"port {port} should be served"));

            process.Kill(entireProcessTree: false); // SIGKILL of the DevHost alone: its children are not told

            Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(ports.Distinct().All(port => !Ports.Listening(port))), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250)),
                $"servers outlived their DevHost on ports {string.Join(", ", ports.Distinct().Where(Ports.Listening))}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            try
            {
                try
        {
            Directory.Delete(state, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // partly created under /tmp; nothing runs from it
        }
            }
            catch (IOException)
            {
                // a server may still be writing its last file; the folder is under /tmp
            }
        }
    }

    [Fact]
    public async Task A_missing_tool_is_one_clear_message_not_a_stack_trace()
    {
        var devHost = Path.Combine(AppContext.BaseDirectory, "Gacere.DevHost.dll");
        var state = Path.Combine(Path.GetTempPath(), $"gacere-missing-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(Environment.ProcessPath!, ["exec", devHost, "servers", "--state", state])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = "/nonexistent"; // the servers' helper tools (chown, dirname, …) cannot be found

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        var output = await stdout + await stderr;
        try
        {
            Directory.Delete(state, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // partly created under /tmp; nothing runs from it
        }

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("[devhost] ", output);
        // As root the first tool missed is chown (PostgreSQL's folders); otherwise RabbitMQ's script stops on dirname.
        Assert.Matches("could not be started|exited with code", output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    // Postgres "Port=5432", Redis "127.0.0.1:6379", RabbitMQ "amqp://guest:guest@127.0.0.1:5672".
    [GeneratedRegex(@"^ConnectionStrings__(?:membershipdb=.*Port=|cache=127\.0\.0\.1:|messaging=amqp://[^@]*@127\.0\.0\.1:)(?<port>\d+)")]
    private static partial Regex PortOf();
}
