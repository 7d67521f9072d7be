using Gacere.DomainService;
using Gacere.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gacere.IntegrationTests.DomainService;

public sealed class SeededDbContext(DbContextOptions<SeededDbContext> options) : ServiceDbContext<SeededDbContext>(options), IServiceDbContext
{
    public static string Schema => "seeded";

    public static IEnumerable<IInterceptor> CommitInterceptors(IServiceProvider services) => [];

    public DbSet<Anchor> Anchors => Set<Anchor>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Anchor>().HasKey(a => a.Edition);
    }
}

public sealed class Anchor
{
    public required string Edition { get; init; }
    public required string Place { get; set; }
}

internal sealed class AnchorSeeder(params string[] editions) : KeyedSeeder<SeededDbContext, Anchor, string>(a => a.Edition)
{
    protected override IEnumerable<Anchor> Rows => editions.Select(e => new Anchor { Edition = e, Place = "seeded" });
}

/// <summary>The shared seeder on real PostgreSQL: what is missing by key goes in, what exists stays as curated.</summary>
[Collection(ServersCollection.Name)]
public sealed class KeyedSeederTests(ServersFixture fixture)
{
    private async Task<string> DatabaseAsync()
    {
        var connectionString = await fixture.CreateDatabaseAsync("seeder");
        await using var db = new SeededDbContext(SeededDbContext.Options(connectionString));
        await db.Database.EnsureCreatedAsync();
        return connectionString;
    }

    [Fact]
    public async Task Inserts_only_the_missing_keys_and_leaves_curated_rows_alone()
    {
        var connectionString = await DatabaseAsync();
        await using (var db = new SeededDbContext(SeededDbContext.Options(connectionString)))
        {
            Assert.Equal(2, await new AnchorSeeder("UNEA-6", "WCEF2024").SeedAsync(db, CancellationToken.None));
            (await db.Anchors.SingleAsync(a => a.Edition == "UNEA-6")).Place = "Nairobi (curated)";
            await db.SaveChangesAsync();
        }

        await using (var db = new SeededDbContext(SeededDbContext.Options(connectionString)))
        {
            Assert.Equal(1, await new AnchorSeeder("UNEA-6", "WCEF2024", "UNEA-7").SeedAsync(db, CancellationToken.None));
            Assert.Equal(0, await new AnchorSeeder("UNEA-6", "WCEF2024", "UNEA-7").SeedAsync(db, CancellationToken.None));
        }

        await using var check = new SeededDbContext(SeededDbContext.Options(connectionString));
        Assert.Equal(["UNEA-6", "UNEA-7", "WCEF2024"], await check.Anchors.OrderBy(a => a.Edition).Select(a => a.Edition).ToListAsync());
        Assert.Equal("Nairobi (curated)", (await check.Anchors.SingleAsync(a => a.Edition == "UNEA-6")).Place);
    }

    [Fact]
    public async Task Instances_seeding_at_once_insert_each_row_once_and_neither_fails()
    {
        var connectionString = await DatabaseAsync();
        var editions = Enumerable.Range(1, 50).Select(i => $"E{i:D2}").ToArray();

        var inserted = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = new SeededDbContext(SeededDbContext.Options(connectionString));
            return await new AnchorSeeder(editions).SeedAsync(db, CancellationToken.None);
        }));

        Assert.Equal(editions.Length, inserted.Sum());
        Assert.Equal(editions.Length, await ServersFixture.ScalarAsync(connectionString, "SELECT count(*) FROM seeded.anchors"));
    }
}
