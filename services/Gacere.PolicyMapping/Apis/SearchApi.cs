using System.Runtime.CompilerServices;
using System.Text;
using Gacere.PolicyMapping.Data;
using Gacere.PolicyMapping.Domain;
using Gacere.PolicyMapping.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.PolicyMapping.Apis;

/// <summary>The public's questions: search with facets, the map of instruments and gaps, exports.</summary>
public static class SearchApi
{
    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder policies)
    {
        policies.MapGet("/search", Search)
            .WithName("SearchPolicyInstruments")
            .WithSummary("Published instruments: full text in both languages, filters, facet counts for every vocabulary, keyset paging")
            .WithTags("Policy search")
            .AllowAnonymous();
        policies.MapGet("/map", Map)
            .WithName("GetPolicyMap")
            .WithSummary("Published instruments per country (or region, or value chain) and instrument type, with the gaps")
            .WithDescription("rows: country (every member jurisdiction, default), region (top-level UN M49 regions) or value_chain. Takes the search's filters.")
            .WithTags("Policy search")
            .AllowAnonymous();
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
        policies.MapGet("/vocabularies", Vocabularies)
            .WithName("GetPolicyVocabularies")
            .WithSummary("The codes of every classification vocabulary (DOMAIN.md, Policy mapping)")
            .WithTags("Policy search")
            .AllowAnonymous();
        return policies;
    }

    public static async Task<Results<Ok<PolicySearchPage>, ValidationProblem>> Search(
        [AsParameters] PolicyQuery query, [AsParameters] SearchPaging paging, [AsParameters] PolicyServices services, [FromServices] PolicyAnswerCache cache)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = PolicyFilter.Parse(query, services.Countries, services.IsSecretariat, errors);
        SearchCursor? after = null;
        if (filter is not null && paging.After is not null &&
            (after = SearchCursor.TryDecode(paging.After, withRank: filter.Text is not null)) is null)
        {
            errors["after"] = ["Not a cursor of this search; pass the nextCursor of the previous page with the same q."];
        }
        if (filter is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await PolicySearch.SearchAsync(services.Db, cache, services.Countries, filter, after, paging.Limit ?? 20, services.CancellationToken));
    }

    public static async Task<Results<Ok<PolicyMap>, ValidationProblem>> Map(
        [AsParameters] PolicyQuery query, [AsParameters] PolicyServices services, [FromServices] PolicyAnswerCache cache, string? rows = null)
    {
        var errors = new Dictionary<string, string[]>();
        var mapRows = MapRows.Country;
        if (rows is not null && !Vocabulary.TryParse(rows, out mapRows))
        {
            errors["rows"] = [$"Unknown rows; {Vocabulary.Expected<MapRows>()}."];
        }
        var filter = PolicyFilter.Parse(query, services.Countries, services.IsSecretariat, errors);
        if (filter is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await PolicySearch.MapAsync(services.Db, cache, services.Countries, filter, mapRows, services.CancellationToken));
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

    public static Ok<PolicyVocabularies> Vocabularies() => TypedResults.Ok(new PolicyVocabularies(
        Vocabulary.AllCodes<JurisdictionLevel>(), Vocabulary.AllCodes<PolicyLifecycle>(), Vocabulary.AllCodes<InstrumentType>(),
        Vocabulary.AllCodes<PineType>(), Vocabulary.AllCodes<ValueChain>(), Vocabulary.AllCodes<RStrategy>(),
        Vocabulary.AllCodes<MaterialCategory>(), Vocabulary.AllCodes<PolicyTheme>(), Vocabulary.AllCodes<CurationStatus>()));

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
