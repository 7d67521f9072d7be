using Gacere.Contracts.Membership;
using Gacere.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Gacere.MemberReplica;

/// <summary>
/// Writes member states into the replica, one statement for any number of them. A row is only ever replaced
/// by a higher version: an event that arrives late, a redelivery, or a snapshot page read before a newer
/// event was applied can never move a member backwards. The event consumer and the catch-up share it, and a
/// service's own consumer that must act on a member under a lock uses <see cref="ApplyAndLockAsync"/>.
/// </summary>
public static class MemberReplicaStore
{
    /// <summary>
    /// Applies <paramref name="member"/> (only if newer than the replica's row, as every write here) and returns the row as it
    /// now stands, locked until the caller's transaction ends. A missing row is inserted, so there is always a row to lock;
    /// a concurrent writer of the same member (the replica's own consumer, the catch-up) waits for that transaction, or is
    /// waited for, and never fails on the key. The caller compares the returned version with its own to tell a stale change.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside a transaction: the lock would end with the statement.</exception>
    public static async Task<ReplicatedMember> ApplyAndLockAsync(DbContext db, MemberState member, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("ApplyAndLockAsync needs the caller's transaction: its row lock lasts only as long as that.");
        }
        // One statement, one round trip: INSERT ... ON CONFLICT DO UPDATE locks the row and RETURNING gives it back as it
        // now stands. Its update always runs (keeping a newer row's values), because an update its WHERE skipped would
        // return nothing, and a second read could miss a row a concurrent writer committed after the statement began.
#pragma warning disable EF1002 // table and column names come from the EF model, values are parameters
        return (await db.Set<ReplicatedMember>().FromSqlRaw(UpsertReturningSql(db),
            [
                new NpgsqlParameter<Guid>("id", member.MemberId),
                new NpgsqlParameter<string>("name", member.OrganisationName),
                new NpgsqlParameter<string>("org_type", member.OrgType),
                new NpgsqlParameter("country", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)member.CountryIso3 ?? DBNull.Value },
                new NpgsqlParameter<string>("category", member.Category),
                new NpgsqlParameter<string>("status", member.Status),
                new NpgsqlParameter<DateOnly>("effective", member.EffectiveDate),
                new NpgsqlParameter<long>("version", member.Version),
                new NpgsqlParameter<DateTimeOffset>("now", DateTimeOffset.UtcNow),
            ])
            .AsNoTracking().ToListAsync(cancellationToken)).Single();
#pragma warning restore EF1002
    }

    /// <summary>
    /// The member as the replica holds it, or null, read <c>FOR SHARE</c> in the caller's transaction: a writer holding
    /// the row from <see cref="ApplyAndLockAsync"/> (a departure being applied) is waited for, and waits in turn.
    /// </summary>
    public static async Task<ReplicatedMember?> ReadSharedAsync(DbContext db, Guid memberId, CancellationToken cancellationToken)
    {
        var (qualified, column) = TableOf(db);
#pragma warning disable EF1002 // table and column names come from the EF model, the value is a parameter
        return (await db.Set<ReplicatedMember>()
            .FromSqlRaw($"SELECT * FROM {qualified} WHERE {column(nameof(ReplicatedMember.MemberId))} = @member_id FOR SHARE",
                new NpgsqlParameter<Guid>("member_id", memberId))
            .AsNoTracking().ToListAsync(cancellationToken)).SingleOrDefault();
#pragma warning restore EF1002
    }

    /// <returns>How many members were inserted or moved forward.</returns>
    internal static Task<int> ApplyAsync(DbContext db, IReadOnlyCollection<MemberState> members, CancellationToken cancellationToken)
    {
        if (members.Count == 0)
        {
            return Task.FromResult(0);
        }
        var upsert = UpsertStatement(db, members);
#pragma warning disable EF1002 // table and column names come from the EF model, values are parameters
        return db.Database.ExecuteSqlRawAsync(upsert.Sql, upsert.Parameters, cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>
    /// The upsert of <paramref name="members"/> as one statement with its parameters, not yet run: <see cref="ApplyAsync"/>
    /// runs it, and the replica's consumer sends it in one batch with its inbox row.
    /// </summary>
    internal static EffectStatement UpsertStatement(DbContext db, IReadOnlyCollection<MemberState> members)
    {
        var now = DateTimeOffset.UtcNow;
        // Duplicates within one batch would make ON CONFLICT touch a row twice; keep each member's newest.
        var newest = members.GroupBy(m => m.MemberId).Select(g => g.MaxBy(m => m.Version)!).ToList();
        return new EffectStatement(UpsertSqlOf.GetOrAdd(db.GetType(), _ => UpsertSql(db)),
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
        ]);
    }

    /// <summary>What the replica holds, as the fingerprint membership compares with its own.</summary>
    internal static async Task<(long Count, long VersionSum)> FingerprintAsync(DbContext db, CancellationToken cancellationToken)
    {
        var replica = db.Set<ReplicatedMember>().AsNoTracking();
        var fingerprint = await replica
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.LongCount(), VersionSum = g.Sum(m => m.Version) })
            .SingleOrDefaultAsync(cancellationToken);
        return fingerprint is null ? (0, 0) : (fingerprint.Count, fingerprint.VersionSum);
    }

    /// <summary>The replica's quoted table name and a quoted column name per property, from the context's model.</summary>
    private static (string Qualified, Func<string, string> Column) TableOf(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(ReplicatedMember))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no member replica: call modelBuilder.AddMemberReplica() in OnModelCreating.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var qualified = entity.GetSchema() is { } schema ? $"\"{schema}\".\"{entity.GetTableName()}\"" : $"\"{entity.GetTableName()}\"";
        return (qualified, property => $"\"{entity.FindProperty(property)!.GetColumnName(table)}\"");
    }

    /// <summary>The replica's columns in the order both upserts write them (member id first), and the updated-at column.</summary>
    private static (string Qualified, string[] Columns, string UpdatedAt, string Version) ColumnsOf(DbContext db)
    {
        var (qualified, column) = TableOf(db);
        string[] columns =
        [
            column(nameof(ReplicatedMember.MemberId)), column(nameof(ReplicatedMember.OrganisationName)), column(nameof(ReplicatedMember.OrgType)),
            column(nameof(ReplicatedMember.CountryIso3)), column(nameof(ReplicatedMember.Category)), column(nameof(ReplicatedMember.Status)),
            column(nameof(ReplicatedMember.EffectiveDate)), column(nameof(ReplicatedMember.Version)),
        ];
        return (qualified, columns, column(nameof(ReplicatedMember.UpdatedAt)), column(nameof(ReplicatedMember.Version)));
    }

    /// <summary><see cref="UpsertSql"/> per context type, built once: its model does not change, and it runs per message.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> UpsertSqlOf = new();

    private static string UpsertSql(DbContext db)
    {
        var (qualified, columns, updatedAt, version) = ColumnsOf(db);
        var updates = string.Join(", ", columns.Skip(1).Append(updatedAt).Select(c => $"{c} = EXCLUDED.{c}"));
        return $"""
            INSERT INTO {qualified} ({string.Join(", ", columns)}, {updatedAt})
            SELECT m.*, @now FROM unnest(@ids, @names, @org_types, @countries, @categories, @statuses, @effective, @versions) AS m
            ON CONFLICT ({columns[0]}) DO UPDATE SET {updates}
            WHERE {qualified}.{version} < EXCLUDED.{version}
            """;
    }

    /// <summary>
    /// One member's upsert that returns the row whether or not it moved forward: the update keeps each column's value
    /// unless the incoming version is newer (the same rule as <see cref="UpsertSql"/>), so a stale change rewrites the
    /// row with its own values and RETURNING still has it.
    /// </summary>
    private static string UpsertReturningSql(DbContext db)
    {
        var (qualified, columns, updatedAt, version) = ColumnsOf(db);
        var newer = $"{qualified}.{version} < EXCLUDED.{version}";
        var updates = string.Join(", ", columns.Skip(1).Append(updatedAt)
            .Select(c => $"{c} = CASE WHEN {newer} THEN EXCLUDED.{c} ELSE {qualified}.{c} END"));
        return $"""
            INSERT INTO {qualified} ({string.Join(", ", columns)}, {updatedAt})
            VALUES (@id, @name, @org_type, @country, @category, @status, @effective, @version, @now)
            ON CONFLICT ({columns[0]}) DO UPDATE SET {updates}
            RETURNING *
            """;
    }
}
