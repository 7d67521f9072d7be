extern alias policymapping;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using PolicyMappingDbContext = policymapping::Gacere.PolicyMapping.Data.PolicyMappingDbContext;

namespace Gacere.ApiTests.PolicyMapping;

/// <summary>
/// A database seeded before the indicators had SDG code arrays is upgraded in place: the codes carry over, the
/// custodians the first seed guessed are cleared, a custodian someone else recorded is kept.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class IndicatorMigrationTests(ServersFixture servers)
{
    [Fact]
    public async Task Upgrading_keeps_the_SDG_codes_as_arrays_and_clears_only_the_custodians_DOMAIN_md_does_not_state()
    {
        var connectionString = await servers.CreateDatabaseAsync(ResourceNames.PolicyMappingDatabase);
        await using (var db = new PolicyMappingDbContext(PolicyMappingDbContext.Options(connectionString)))
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("20261123231016_PolicyInstrumentNaturalKey");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO policymapping.indicators (code, name, sdg_indicators, custodian) VALUES
                    ('material-footprint', 'Material footprint', '8.4.1/12.2.1', 'UNEP'),
                    ('national-recycling-rate', 'National recycling rate', '12.5.1', 'UNEP/UNSD'),
                    ('circular-material-use-rate', 'Circular material use rate', NULL, 'Eurostat'),
                    ('resource-productivity', 'Resource productivity (GDP/DMC)', NULL, 'Eurostat'),
                    ('curated-indicator', 'An indicator the secretariat added', '12.5.1', 'OECD');
                """);
            await migrator.MigrateAsync();
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT code, sdg_codes, custodian FROM policymapping.indicators ORDER BY code", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, (string[] Sdg, string? Custodian)>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = (reader.GetFieldValue<string[]>(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        void Holds(string code, string[] sdgCodes, string? custodian)
        {
            Assert.Equal(sdgCodes, rows[code].Sdg);
            Assert.Equal(custodian, rows[code].Custodian);
        }
        Holds("material-footprint", ["8.4.1", "12.2.1"], null);
        Holds("national-recycling-rate", ["12.5.1"], null);
        Holds("circular-material-use-rate", [], "Eurostat");
        Holds("resource-productivity", [], null);
        Holds("curated-indicator", ["12.5.1"], "OECD");
    }
}
