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

    public static Results<PushStreamHttpResult, ValidationProblem> ExportCsv([AsParameters] PolicyQuery query, [AsParameters] PolicyServices services) =>
        Export(query, services, rows => TypedResults.Stream(body => WriteCsvAsync(body, rows, services.CancellationToken), "text/csv; charset=utf-8", "policy-instruments.csv"));

    public static Results<Ok<IAsyncEnumerable<PolicyInstrumentView>>, ValidationProblem> ExportJson(
        [AsParameters] PolicyQuery query, [AsParameters] PolicyServices services) =>
        Export(query, services, rows => TypedResults.Ok(rows.Select(PolicyRows.Read)));

    /// <summary>The one pipeline both formats share: the search's filter checked (400 naming the fields), then the matching rows for a writer.</summary>
    private static Results<TWritten, ValidationProblem> Export<TWritten>(
        PolicyQuery query, PolicyServices services, Func<IAsyncEnumerable<NpgsqlDataReader>, TWritten> write) where TWritten : IResult
    {
        var errors = new Dictionary<string, string[]>();
        return PolicyFilter.Parse(query, services.Countries, services.IsSecretariat, errors) is { } filter
            ? write(Rows(services.Db, filter, services.CancellationToken))
            : TypedResults.ValidationProblem(errors);
    }

    /// <summary>
    /// The export's rows from one open reader, read when the answer is written: memory does not grow with the number of
    /// rows. Each step yields the same reader positioned on the next row, to be read before the next step.
    /// </summary>
    private static async IAsyncEnumerable<NpgsqlDataReader> Rows(
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
                yield return reader;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The CSV writer: the header, then each row into one reused line.</summary>
    private static async Task WriteCsvAsync(Stream body, IAsyncEnumerable<NpgsqlDataReader> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, PolicyCsv.Encoding, bufferSize: 64 * 1024);
        await writer.WriteAsync(PolicyCsv.Line(PolicyCsv.Header));
        var line = new StringBuilder(1024);
        await foreach (var row in rows)
        {
            PolicyCsv.AppendRow(line.Clear(), row);
            await writer.WriteAsync(line, cancellationToken);
        }
    }
}
