using System.Runtime.InteropServices;

namespace Gacere.DevHost.Cli;

/// <summary>
/// Turns the first Ctrl-C, SIGTERM or SIGHUP into an orderly stop. A second one is left to the
/// runtime (immediate exit); the watchdog then stops the children.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _count;

    public ShutdownSignal() =>
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, Handle))];

    public CancellationToken Token => _requested.Token;
    public bool IsRequested => _requested.IsCancellationRequested;

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _count) == 1)
        {
            context.Cancel = true;
            _requested.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _requested.Dispose();
    }
}
