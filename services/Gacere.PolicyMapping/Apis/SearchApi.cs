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
        policies.MapExportApi();
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

    public static Ok<PolicyVocabularies> Vocabularies() => TypedResults.Ok(new PolicyVocabularies(
        Vocabulary.AllCodes<JurisdictionLevel>(), Vocabulary.AllCodes<PolicyLifecycle>(), Vocabulary.AllCodes<InstrumentType>(),
        Vocabulary.AllCodes<PineType>(), Vocabulary.AllCodes<ValueChain>(), Vocabulary.AllCodes<RStrategy>(),
        Vocabulary.AllCodes<MaterialCategory>(), Vocabulary.AllCodes<PolicyTheme>(), Vocabulary.AllCodes<CurationStatus>()));
}
