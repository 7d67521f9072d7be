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
        api.MapMemberReplica<PolicyMappingDbContext>();
        return app;
    }

    public static async Task<Ok<Page<IndicatorView>>> ListIndicators(
        [AsParameters] PageRequest page, PolicyMappingDbContext db, CancellationToken cancellationToken)
    {
        var indicators = db.Indicators.AsNoTracking()
            .OrderBy(i => i.Code)
            .Select(i => new IndicatorView(i.Code, i.Name, i.SdgIndicators, i.Custodian));
        return TypedResults.Ok(await indicators.ToPageAsync(page, cancellationToken));
    }
}

public sealed record IndicatorView(string Code, string Name, string? SdgIndicators, string Custodian);
