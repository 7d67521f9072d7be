using Gacere.Contracts.Membership;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gacere.MemberReplica;

public static class MemberReplicaExtensions
{
    /// <summary>
    /// Subscribes the service's own durable queue <c>{service}-member-replica</c> to every membership change,
    /// and catches the replica up with membership's snapshot at start and every <c>MemberReplica:ReconcileInterval</c>.
    /// </summary>
    public static IBusRegistrationConfigurator AddMemberReplica<TDbContext>(this IBusRegistrationConfigurator bus, string serviceName)
        where TDbContext : DbContext
    {
        bus.AddConsumer<MemberReplicaConsumer<TDbContext>>().Endpoint(endpoint => endpoint.Name = $"{serviceName}-member-replica");
        bus.AddRequestClient<MemberSnapshotRequested>();
        bus.AddOptions<MemberReplicaOptions>().BindConfiguration(MemberReplicaOptions.SectionName);
        bus.AddHostedService<MemberReplicaCatchUp<TDbContext>>();
        return bus;
    }

    /// <summary><c>GET {group}/members/{id}</c>: the member as this service knows it.</summary>
    public static RouteGroupBuilder MapMemberReplica<TDbContext>(this RouteGroupBuilder group) where TDbContext : DbContext
    {
        group.MapGet("/members/{memberId:guid}", (Guid memberId, HttpContext http) =>
                // Resolved by hand: the route analyzer cannot follow a generic DbContext parameter.
                GetMember(memberId, http.RequestServices.GetRequiredService<TDbContext>(), http.RequestAborted))
            .WithName($"{typeof(TDbContext).Name}GetMemberReplica")
            .WithSummary("A member of the Alliance as this service's replica holds it")
            .WithTags("Members")
            .AllowAnonymous();
        return group;
    }

    private static async Task<Results<Ok<MemberView>, NotFound>> GetMember<TDbContext>(Guid memberId, TDbContext db, CancellationToken cancellationToken)
        where TDbContext : DbContext
    {
        var member = await db.Set<Member>().AsNoTracking()
            .Where(m => m.MemberId == memberId)
            .Select(m => new MemberView(m.MemberId, m.OrganisationName, m.OrgType, m.CountryIso3, m.Category, m.Status, m.EffectiveDate, m.Version))
            .FirstOrDefaultAsync(cancellationToken);
        return member is null ? TypedResults.NotFound() : TypedResults.Ok(member);
    }
}

public sealed record MemberView(
    Guid MemberId, string OrganisationName, string OrgType, string? CountryIso3, string Category, string Status, DateOnly EffectiveDate, long Version);
