using Gacere.MemberReplica;
using Gacere.PolicyMapping.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Gacere.ServiceDefaults;

namespace Gacere.PolicyMapping.Apis;

public static class PolicyMappingApi
{
    public static IEndpointRouteBuilder MapPolicyMappingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/policies").WithTags("Policy mapping");

        api.MapGet("/indicators", ListIndicators)
            .WithName("ListIndicators")
            .WithSummary("Circularity and resource-efficiency indicators, by code")
            .AllowAnonymous();

        api.MapInstrumentsApi();
        api.MapSearchApi();
        api.MapImportApi();
        api.MapBarriersApi();
        api.MapResearchNeedsApi();
        api.MapMemberReplica<PolicyMappingDbContext>();
        return app;
    }

    public static async Task<Ok<Page<IndicatorView>>> ListIndicators(
        [AsParameters] PageRequest page, PolicyMappingDbContext db, CancellationToken cancellationToken)
    {
        var indicators = db.Indicators.AsNoTracking()
            .OrderBy(i => i.Code)
            .Select(i => new IndicatorView(i.Code, i.Name, i.SdgCodes, i.Custodian));
        return TypedResults.Ok(await indicators.ToPageAsync(page, cancellationToken));
    }
}

/// <summary>A circularity or resource-efficiency indicator.</summary>
/// <param name="Code">The code instruments and research needs link it by.</param>
/// <param name="Name">Its name.</param>
/// <param name="SdgCodes">The SDG indicators it reports, e.g. ["8.4.1", "12.2.1"]; empty where it is not an SDG indicator.</param>
/// <param name="Custodian">The agency that keeps it, where known (e.g. Eurostat); null otherwise.</param>
public sealed record IndicatorView(string Code, string Name, IReadOnlyList<string> SdgCodes, string? Custodian);
