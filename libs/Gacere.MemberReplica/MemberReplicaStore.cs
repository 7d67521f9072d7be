using Gacere.Contracts.Membership;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Gacere.MemberReplica;

/// <summary>
/// Writes member states into the replica, one statement for any number of them. A row is only ever replaced
/// by a higher version: an event that arrives late, a redelivery, or a snapshot page read before a newer
/// event was applied can never move a member backwards. The event consumer and the catch-up share it.
/// </summary>
internal static class MemberReplicaStore
{
    /// <returns>How many members were inserted or moved forward.</returns>
    public static Task<int> ApplyAsync(DbContext db, IReadOnlyCollection<MemberState> members, CancellationToken cancellationToken)
    {
        if (members.Count == 0)
        {
            return Task.FromResult(0);
        }
        var now = DateTimeOffset.UtcNow;
        // Duplicates within one batch would make ON CONFLICT touch a row twice; keep each member's newest.
        var newest = members.GroupBy(m => m.MemberId).Select(g => g.MaxBy(m => m.Version)!).ToList();
#pragma warning disable EF1002 // table and column names come from the EF model, values are parameters
        return db.Database.ExecuteSqlRawAsync(UpsertSql(db),
        [
            new NpgsqlParameter<Guid[]>("ids", [.. newest.Select(m => m.MemberId)]),
            new NpgsqlParameter<string[]>("names", [.. newest.Select(m => m.OrganisationName)]),
            new NpgsqlParameter<string[]>("org_types", [.. newest.Select(m => m.OrgType)]),
            new NpgsqlParameter<string?[]>("countries", [.. newest.Select(m => m.CountryIso3)]),
            new NpgsqlParameter<string[]>("categories", [.. newest.Select(m => m.Category)]),
            new NpgsqlParameter<string[]>("statuses", [.. newest.Select(m => m.Status)]),
            new NpgsqlParameter<DateOnly[]>("effective", [.. newest.Select(m => m.EffectiveDate)]),
            new NpgsqlParameter<long[]>("versions", [.. newest.Select(m => m.Version)]),
            new NpgsqlParameter<DateTimeOffset>("now", now),
        ], cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>What the replica holds, as the fingerprint membership compares with its own.</summary>
    public static async Task<(long Count, long VersionSum)> FingerprintAsync(DbContext db, CancellationToken cancellationToken)
    {
        var replica = db.Set<ReplicatedMember>().AsNoTracking();
        var fingerprint = await replica
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.LongCount(), VersionSum = g.Sum(m => m.Version) })
            .SingleOrDefaultAsync(cancellationToken);
        return fingerprint is null ? (0, 0) : (fingerprint.Count, fingerprint.VersionSum);
    }

    private static string UpsertSql(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(ReplicatedMember))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no member replica: call modelBuilder.AddMemberReplica() in OnModelCreating.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName(table)}\"";
        var qualified = entity.GetSchema() is { } schema ? $"\"{schema}\".\"{entity.GetTableName()}\"" : $"\"{entity.GetTableName()}\"";

        string[] columns =
        [
            Column(nameof(ReplicatedMember.MemberId)), Column(nameof(ReplicatedMember.OrganisationName)), Column(nameof(ReplicatedMember.OrgType)),
            Column(nameof(ReplicatedMember.CountryIso3)), Column(nameof(ReplicatedMember.Category)), Column(nameof(ReplicatedMember.Status)),
            Column(nameof(ReplicatedMember.EffectiveDate)), Column(nameof(ReplicatedMember.Version)),
        ];
        var updatedAt = Column(nameof(ReplicatedMember.UpdatedAt));
        var version = Column(nameof(ReplicatedMember.Version));
        var updates = string.Join(", ", columns.Skip(1).Append(updatedAt).Select(c => $"{c} = EXCLUDED.{c}"));
        return $"""
            INSERT INTO {qualified} ({string.Join(", ", columns)}, {updatedAt})
            SELECT m.*, @now FROM unnest(@ids, @names, @org_types, @countries, @categories, @statuses, @effective, @versions) AS m
            ON CONFLICT ({columns[0]}) DO UPDATE SET {updates}
            WHERE {qualified}.{version} < EXCLUDED.{version}
            """;
    }
}
