using System.Runtime.InteropServices;

namespace Gacere.DevHost.Processes;

/// <summary>The one libc call .NET does not expose: sending an arbitrary signal to a process or group.</summary>
internal static class NativeMethods
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/>; false when the target no longer exists.</summary>
    public static bool Signal(int pid, int signal) => pid != 0 && Kill(pid, signal) == 0;
}
