using Gacere.MemberReplica;
using Gacere.Partnerships.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Gacere.ServiceDefaults;

namespace Gacere.Partnerships.Apis;

public static class PartnershipsApi
{
    public static IEndpointRouteBuilder MapPartnershipsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/partnerships").WithTags("Partnerships");

        api.MapGet("/external-initiatives", ListExternalInitiatives)
            .WithName("ListExternalInitiatives")
            .WithSummary("Known initiatives outside GACERE that proposals are checked against for duplication")
            .AllowAnonymous();

        api.MapMemberReplica<PartnershipsDbContext>();
        api.MapBestPracticeEndpoints();
        api.MapPartnershipEndpoints();
        return app;
    }

    public static async Task<Ok<Page<ExternalInitiativeView>>> ListExternalInitiatives(
        [AsParameters] PageRequest page, PartnershipsDbContext db, CancellationToken cancellationToken)
    {
        var initiatives = db.ExternalInitiatives.AsNoTracking()
            .OrderBy(i => i.Name)
            .Select(i => new ExternalInitiativeView(i.Key, i.Name, i.M49Region));
        return TypedResults.Ok(await initiatives.ToPageAsync(page, cancellationToken));
    }
}

public sealed record ExternalInitiativeView(string Key, string Name, string? M49Region);
