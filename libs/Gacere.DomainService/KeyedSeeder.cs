using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Gacere.DomainService;

/// <summary>Runs once after migrations, before the service takes traffic (reference data, seed facts).</summary>
public interface IDatabaseSeeder<in TContext> where TContext : DbContext
{
    /// <summary>Seeds what is missing; returns how many rows it inserted.</summary>
    Task<int> SeedAsync(TContext db, CancellationToken cancellationToken);
}

/// <summary>
/// Seeds rows by key: inserts those whose key is missing, in one commit, and leaves every existing row as it is,
/// so every start may run it and curated changes to a seeded row survive. When another instance of the service
/// seeds at the same moment, its commit wins and this one inserts nothing.
/// </summary>
public abstract class KeyedSeeder<TContext, TEntity, TKey>(Expression<Func<TEntity, TKey>> key) : IDatabaseSeeder<TContext>
    where TContext : DbContext
    where TEntity : class
    where TKey : notnull
{
    private readonly Func<TEntity, TKey> _keyOf = key.Compile();

    /// <summary>The rows the service cannot do without.</summary>
    protected abstract IEnumerable<TEntity> Rows { get; }

    /// <summary>Adds what goes into the same commit as a missing row (its trail, say); nothing by default.</summary>
    protected virtual void Inserting(TContext db, TEntity row)
    {
    }

    public async Task<int> SeedAsync(TContext db, CancellationToken cancellationToken)
    {
        var rows = Rows.ToList();
        var keys = rows.Select(_keyOf).ToList();
        var existing = (await db.Set<TEntity>().Where(KeyIn(keys)).Select(key).ToListAsync(cancellationToken)).ToHashSet();
        var missing = rows.Where(row => !existing.Contains(_keyOf(row))).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }

        db.Set<TEntity>().AddRange(missing);
        foreach (var row in missing)
        {
            Inserting(db, row);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return missing.Count;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another instance seeded first; ours rolled back whole (with any events it carried).
            db.ChangeTracker.Clear();
            return 0;
        }
    }

    /// <summary><c>row => keys.Contains(row.Key)</c>, which PostgreSQL answers as <c>key = ANY(@keys)</c>.</summary>
    private Expression<Func<TEntity, bool>> KeyIn(List<TKey> keys) =>
        Expression.Lambda<Func<TEntity, bool>>(
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TKey)], Expression.Constant(keys), key.Body),
            key.Parameters);
}
