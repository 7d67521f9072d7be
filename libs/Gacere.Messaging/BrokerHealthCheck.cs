using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Gacere.Messaging;

/// <summary>
/// Whether RabbitMQ answers now. MassTransit's own bus check keeps reporting its last known state while
/// the broker is killed or paused (a SIGSTOPped broker still accepts TCP connections and misses heartbeats
/// for a minute), so this check asks the broker for a round trip on every probe: one long-lived connection,
/// and a channel opened and closed per probe.
/// </summary>
internal sealed class BrokerHealthCheck(RabbitMqAddress broker) : IHealthCheck, IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        try
        {
            await _gate.WaitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("RabbitMQ: the previous probe is still waiting for an answer");
        }
        try
        {
            if (_connection is not { IsOpen: true })
            {
                await DropConnectionAsync();
                _connection = await Factory().CreateConnectionAsync("health check", bounded.Token);
            }
            await using var channel = await _connection.CreateChannelAsync(cancellationToken: bounded.Token);
            await channel.CloseAsync(bounded.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            // A connection that missed an answer may never get one: start over on the next probe.
            await DropConnectionAsync();
            return HealthCheckResult.Unhealthy(
                bounded.IsCancellationRequested ? $"RabbitMQ did not answer within {Timeout.TotalSeconds:0} s" : "RabbitMQ is unreachable", ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    private ConnectionFactory Factory() => new()
    {
        HostName = broker.Host,
        Port = broker.Port,
        VirtualHost = broker.VirtualHost,
        UserName = broker.Username,
        Password = broker.Password,
        RequestedConnectionTimeout = Timeout,
        ContinuationTimeout = Timeout,
        HandshakeContinuationTimeout = Timeout,
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
    };

    private async Task DropConnectionAsync()
    {
        var connection = Interlocked.Exchange(ref _connection, null);
        if (connection is null)
        {
            return;
        }
        try
        {
            // Abort, not close: a paused broker would never acknowledge a close.
            await connection.AbortAsync(TimeSpan.FromMilliseconds(200));
            await connection.DisposeAsync();
        }
        catch (Exception)
        {
            // Already broken; nothing left to release that the socket's closing does not.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropConnectionAsync();
        _gate.Dispose();
    }
}
