using Gacere.Messaging;

namespace Gacere.UnitTests.Messaging;

/// <summary>
/// The relay's wake-up signal on its own: no database, no broker. Every wait is given an hour, so a wait that returns
/// did so because of the signal, never because of its timeout.
/// </summary>
public class OutboxSignalTests
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_commit_between_reading_the_generation_and_waiting_makes_the_wait_return_at_once()
    {
        var signal = new OutboxSignal();
        var seen = signal.Generation; // a pass reads the generation, then claims (busy) while a commit comes

        signal.Notify();

        var wait = signal.WaitAsync(seen, lead: false, Never, CancellationToken.None);
        Assert.True(wait.IsCompletedSuccessfully); // returned without waiting at all
        Assert.True(await wait);
    }

    [Fact]
    public async Task A_wait_with_no_commit_since_waits()
    {
        var signal = new OutboxSignal();
        using var cancel = new CancellationTokenSource();

        var wait = signal.WaitAsync(signal.Generation, lead: true, Never, cancel.Token);
        await Task.Delay(50);

        Assert.False(wait.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task Two_commits_wake_two_idle_passes_not_one_twice()
    {
        var signal = new OutboxSignal();
        var seen = signal.Generation;
        var first = signal.WaitAsync(seen, lead: true, Never, CancellationToken.None);
        var second = signal.WaitAsync(seen, lead: false, Never, CancellationToken.None);

        signal.Notify();
        Assert.True(await first); // the first to wait is woken first
        Assert.False(second.IsCompleted);
        signal.Notify();
        Assert.True(await second);
    }

    [Fact]
    public async Task A_wake_up_that_reached_the_pipelined_pass_is_handed_to_the_lead_pass_busy_or_idle()
    {
        var signal = new OutboxSignal();
        var seen = signal.Generation;
        var pipelined = signal.WaitAsync(seen, lead: false, Never, CancellationToken.None);
        var lead = signal.WaitAsync(seen, lead: true, Never, CancellationToken.None);

        signal.Notify();
        Assert.True(await pipelined);
        Assert.False(lead.IsCompleted); // the commit's one wake-up went to the pipelined pass

        signal.WakeLead(); // the pipelined pass claimed rows only the lead may publish
        Assert.True(await lead);

        signal.WakeLead(); // the lead is busy now: its next wait returns at once, once
        var next = signal.WaitAsync(signal.Generation, lead: true, Never, CancellationToken.None);
        Assert.True(next.IsCompletedSuccessfully);
        Assert.True(await next);
        using var cancel = new CancellationTokenSource();
        var after = signal.WaitAsync(signal.Generation, lead: true, Never, cancel.Token);
        Assert.False(after.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => after);
    }
}
