using System.Diagnostics;
using Gacere.Partnerships.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static Gacere.Partnerships.Data.DuplicateCheck;

namespace Gacere.Bench.Partnerships;

/// <summary>
/// <c>--profile</c>: where the check's time goes. For every proposal, interleaved: the check as the service runs it, its two
/// round trips alone and at once on connections already open, each arm alone, and opening a pooled connection as the check
/// opens its second. The check less its round trips at once is what it adds around them (the pool, reading, scoring); the
/// arms alone say how the round trips could be balanced.
/// </summary>
internal static class Profile
{
    public static async Task RunAsync(PartnershipsDbContext context, string connectionString, IReadOnlyList<Proposal> proposals, int runs)
    {
        var first = (NpgsqlConnection)context.Database.GetDbConnection();
        await using var second = new NpgsqlConnection(connectionString);
        await second.OpenAsync();

        List<(string Label, Func<Proposal, Task> Step)> steps =
        [
            ("the check (A)", p => DuplicateCheck.RunAsync(context, null, p.Title, p.Objective, p.Profile, CancellationToken.None)),
            ("its first round trip alone: overlap and title arms", p => ReadAllAsync(first, FirstRoundTrip(p.Profile, OverlapArmShape.Default, withObjectiveArm: false), p)),
            ("its second round trip alone: objective arm, external initiatives", p => ReadAllAsync(second, SecondRoundTrip, p)),
            ("both round trips at once, on two open connections", p => Task.WhenAll(
                ReadAllAsync(first, FirstRoundTrip(p.Profile, OverlapArmShape.Default, withObjectiveArm: false), p),
                Task.Run(() => ReadAllAsync(second, SecondRoundTrip, p)))),
            ("every statement in one round trip (E)", p => ReadAllAsync(first, FirstRoundTrip(p.Profile, OverlapArmShape.Default, withObjectiveArm: true), p)),
            ("overlap arm alone", p => ReadAllAsync(first, SessionSetup + OverlapArmSql(p.Profile) + "; " + SessionReset, p)),
            ("overlap arm alone, without similarities", p => ReadAllAsync(first, SessionSetup + OverlapArmSql(p.Profile, OverlapArmShape.UpperBound) + "; " + SessionReset, p)),
            // The overlap arm's three parts (a UNION ALL), each alone.
            ("its partner part alone", p => ReadAllAsync(first, SessionSetup + OverlapArmSql(p.Profile).Split("UNION ALL")[0] + "; " + SessionReset, p)),
            ("its country part alone", p => ReadAllAsync(first, SessionSetup + OverlapArmSql(p.Profile).Split("UNION ALL")[1] + "; " + SessionReset, p)),
            ("its region and value-chain part alone", p => ReadAllAsync(first, SessionSetup + OverlapArmSql(p.Profile).Split("UNION ALL")[2] + "; " + SessionReset, p)),
            ("its region and value-chain part alone, without similarities", p => ReadAllAsync(first, SessionSetup + OverlapArmSql(p.Profile, OverlapArmShape.UpperBound).Split("UNION ALL")[2] + "; " + SessionReset, p)),
            ("title arm alone", p => ReadAllAsync(second, SessionSetup + TitleArmSql + "; " + SessionReset, p)),
            ("objective arm alone", p => ReadAllAsync(second, SessionSetup + ObjectiveArmSql + "; " + SessionReset, p)),
            ("open a pooled connection, SELECT 1", async _ =>
            {
                await using var pooled = (NpgsqlConnection)((ICloneable)first).Clone();
                await pooled.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT 1", pooled);
                await command.ExecuteScalarAsync();
            }),
        ];

        for (var index = 0; index < Math.Min(10, proposals.Count); index++)
        {
            foreach (var (_, step) in steps)
            {
                await step(proposals[index]);
            }
        }
        var timings = steps.Select(_ => new List<double>()).ToList();
        for (var run = 0; run < runs; run++)
        {
            foreach (var proposal in proposals)
            {
                for (var s = 0; s < steps.Count; s++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await steps[s].Step(proposal);
                    timings[s].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }
        Console.WriteLine($"Where the check's time goes (text arms at {PrefilterSimilarity}):");
        Console.WriteLine($"| part ({proposals.Count} proposals × {runs} runs, interleaved) | p50 (ms) | p95 (ms) | mean (ms) |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (var s = 0; s < steps.Count; s++)
        {
            var result = RunResult.Of(timings[s]);
            Console.WriteLine($"| {steps[s].Label} | {result.P50:F1} | {result.P95:F1} | {timings[s].Average():F1} |");
        }
    }

    /// <summary>Runs <paramref name="sql"/> with the check's parameters and reads every row of every result.</summary>
    private static async Task ReadAllAsync(NpgsqlConnection connection, string sql, Proposal proposal)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        AddParameters(command.Parameters, null, proposal.Title, proposal.Objective, proposal.Profile);
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
            }
        }
        while (await reader.NextResultAsync());
    }
}
