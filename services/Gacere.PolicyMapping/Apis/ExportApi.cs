using System.Runtime.CompilerServices;
using System.Text;
using Gacere.PolicyMapping.Data;
using Gacere.PolicyMapping.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Gacere.PolicyMapping.Apis;

/// <summary>The public's exports: every published instrument that matches the search's filters, as CSV or JSON, streamed.</summary>
public static class ExportApi
{
    /// <summary>Mapped inside the search group, between the map and the vocabularies, so the OpenAPI document keeps its order.</summary>
    public static RouteGroupBuilder MapExportApi(this RouteGroupBuilder policies)
    {
        policies.MapGet("/export.csv", ExportCsv)
            .WithName("ExportPolicyInstrumentsCsv")
            .WithSummary("Every published instrument that matches, as CSV (UTF-8, a header row, ISO dates), streamed")
            .WithTags("Policy search")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .AllowAnonymous();
        policies.MapGet("/export.json", ExportJson)
            .WithName("ExportPolicyInstrumentsJson")
            .WithSummary("Every published instrument that matches, as one JSON array, streamed")
            .WithTags("Policy search")
            .AllowAnonymous();
        return policies;
    }

    public static Results<PushStreamHttpResult, ValidationProblem> ExportCsv([AsParameters] PolicyQuery query, [AsParameters] PolicyServices services)
    {
        var errors = new Dictionary<string, string[]>();
        if (PolicyFilter.Parse(query, services.Countries, services.IsSecretariat, errors) is not { } filter)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Stream(async body =>
        {
            // One row at a time from an open reader into one reused line: memory does not grow with the rows.
            await using var writer = new StreamWriter(body, PolicyCsv.Encoding, bufferSize: 64 * 1024);
            await writer.WriteAsync(PolicyCsv.Line(PolicyCsv.Header));
            var sql = new PolicySql(filter);
            var db = services.Db;
            await db.Database.OpenConnectionAsync(services.CancellationToken);
            try
            {
                await using var command = sql.Command((NpgsqlConnection)db.Database.GetDbConnection(), sql.ExportSql());
                await using var reader = await command.ExecuteReaderAsync(services.CancellationToken);
                var line = new StringBuilder(1024);
                while (await reader.ReadAsync(services.CancellationToken))
                {
                    PolicyCsv.AppendRow(line.Clear(), reader);
                    await writer.WriteAsync(line, services.CancellationToken);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, "text/csv; charset=utf-8", "policy-instruments.csv");
    }

    public static Results<Ok<IAsyncEnumerable<PolicyInstrumentView>>, ValidationProblem> ExportJson(
        [AsParameters] PolicyQuery query, [AsParameters] PolicyServices services)
    {
        var errors = new Dictionary<string, string[]>();
        return PolicyFilter.Parse(query, services.Countries, services.IsSecretariat, errors) is { } filter
            ? TypedResults.Ok(ExportRows(services.Db, filter, services.CancellationToken))
            : TypedResults.ValidationProblem(errors);
    }

    /// <summary>One row at a time from an open reader: memory does not grow with the number of rows.</summary>
    private static async IAsyncEnumerable<PolicyInstrumentView> ExportRows(
        PolicyMappingDbContext db, PolicyFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sql = new PolicySql(filter);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = sql.Command((NpgsqlConnection)db.Database.GetDbConnection(), sql.ExportSql());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                yield return PolicyRows.Read(reader);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
