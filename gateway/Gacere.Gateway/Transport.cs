using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Gacere.Gateway;

/// <summary>
/// Issue 13, the gateway's CPU per proxied request: fewer thread-pool hops. By default a socket completion in .NET is
/// handed from the epoll thread to a thread-pool worker (a futex wake and a context switch), and Kestrel hands the request
/// to another worker again; the gateway's profile spent most of its kernel time (42 % of its samples) on exactly those
/// wakes and switches. The gateway's own code never blocks (YARP, the middleware, the limiter and the edge cache are
/// async all the way), so its continuations may run where the completion arrives. Both settings are read once at start;
/// <c>Gateway:Transport:InlineScheduling=false</c> and <c>Gateway:Transport:InlineSocketCompletions=false</c> turn them off
/// (README, "Gateway CPU per request", has the measurements).
/// </summary>
internal static class Transport
{
    /// <summary>The runtime's switch (read by System.Net.Sockets once, when its first socket is created).</summary>
    internal const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static IHostApplicationBuilder AddInlineTransport(this IHostApplicationBuilder builder)
    {
        // Socket completions run on the epoll threads (one per core when inlined) instead of being queued to the thread pool:
        // for every socket of the process, Kestrel's incoming ones and YARP's HttpClient connections to the services alike.
        // The runtime reads only the environment variable, once, when the first socket is created: no socket exists yet
        // while the builder is configured (Kestrel binds, and Redis connects, when the app starts), so setting it here
        // takes effect. A variable already set by whoever started the process wins.
        if (builder.Configuration.GetValue("Gateway:Transport:InlineSocketCompletions", true)
            && Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }

        // Kestrel's own hop: the connection's reads, writes and the application's continuations run on the thread that
        // completed the I/O instead of being dispatched to the thread pool. "Unsafe" because code that blocks would then
        // hold an I/O thread: the gateway has none (a blocking call in its middleware would be a bug regardless).
        builder.Services.Configure<SocketTransportOptions>(options =>
            options.UnsafePreferInlineScheduling = builder.Configuration.GetValue("Gateway:Transport:InlineScheduling", true));
        return builder;
    }
}
