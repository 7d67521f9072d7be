namespace Gacere.MemberReplica;

/// <summary>Settings under <c>MemberReplica</c>: how a replica catches up with membership.</summary>
public sealed class MemberReplicaOptions
{
    public const string SectionName = "MemberReplica";

    /// <summary>How often the replica compares itself with membership (it also does so at start).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Members per snapshot page.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>How long one page may take to come back before the attempt is retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay after a failed attempt (membership or the broker away); doubles up to the interval.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
