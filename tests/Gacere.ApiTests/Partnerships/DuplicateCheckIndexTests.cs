extern alias partnerships;

using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using partnerships::Gacere.Partnerships.Data;
using partnerships::Gacere.Partnerships.Domain;
using Gacere.ReferenceData;

namespace Gacere.ApiTests.Partnerships;

/// <summary>
/// The GIN indexes the duplication check reads are built with <c>fastupdate = off</c> (PartnershipConfiguration, migration
/// DuplicateCheckGinFastUpdateOff): a new row is written into them at once rather than into a pending list that every scan
/// reads linearly until a VACUUM merges it.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DuplicateCheckIndexTests(ServersFixture servers) : PartnershipsApiTest(servers)
{
    private static readonly string[] CheckIndexes =
    [
        "ix_partnerships_title", "ix_partnerships_objective", "ix_partnerships_partner_member_ids", "ix_partnerships_countries",
        "ix_partnerships_covered_regions", "ix_partnerships_value_chains",
    ];

    [Fact]
    public async Task New_partnerships_leave_nothing_pending_in_the_gin_indexes_the_check_reads()
    {
        using var scope = Service.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnershipsDbContext>();
        var catalog = scope.ServiceProvider.GetRequiredService<CountryCatalog>();
        var actor = new Actor("gin", DateTimeOffset.UtcNow);
        // Rows arriving after the migrations, as in production: with GIN's default fastupdate they would wait in each
        // index's pending list (the trigram indexes' about a hundred entries a row fill pages of it).
        db.Partnerships.AddRange(LabelledPairs.Generate(seed: 20261124, catalog).Take(60).Select(p => Partnership.Propose(p.Existing, actor).Partnership));
        await db.SaveChangesAsync();

        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        foreach (var index in CheckIndexes)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT c.reloptions, gin_clean_pending_list(c.oid)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'partnerships' AND c.relname = @index
                """;
            command.Parameters.AddWithValue("index", index);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"{index} exists");
            // As the migration wrote it (off) or as EF would write the model's storage parameter (false).
            var options = reader.IsDBNull(0) ? [] : reader.GetFieldValue<string[]>(0);
            Assert.True(options.Contains("fastupdate=off") || options.Contains("fastupdate=false"), $"{index}: {string.Join(", ", options)}");
            // The pages gin_clean_pending_list moved from the pending list into the index: none were pending.
            Assert.Equal(0L, reader.GetInt64(1));
        }
    }
}
