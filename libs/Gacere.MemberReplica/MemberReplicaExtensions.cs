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
            // One replica per service, and one document per service: the operation id needs no service prefix.
            .WithName("GetMemberReplica")
            .WithSummary("A member of the Alliance as this service's replica holds it")
            .WithTags("Members")
            .AllowAnonymous();
        return group;
    }

    private static async Task<Results<Ok<ReplicatedMemberView>, NotFound>> GetMember<TDbContext>(Guid memberId, TDbContext db, CancellationToken cancellationToken)
        where TDbContext : DbContext
    {
        var member = await db.Set<ReplicatedMember>().AsNoTracking()
            .Where(m => m.MemberId == memberId)
            .Select(m => new ReplicatedMemberView(m.MemberId, m.OrganisationName, m.OrgType, m.CountryIso3, m.Category, m.Status, m.EffectiveDate, m.Version))
            .FirstOrDefaultAsync(cancellationToken);
        return member is null ? TypedResults.NotFound() : TypedResults.Ok(member);
    }
}

/// <summary>A member of the Alliance as this service's replica holds it.</summary>
/// <param name="MemberId">The member's id in the membership service.</param>
/// <param name="OrganisationName">The organisation's name.</param>
/// <param name="OrgType">The organisation type code, e.g. "national_government".</param>
/// <param name="CountryIso3">ISO 3166-1 alpha-3 code of a national government's country; null for other organisation types.</param>
/// <param name="Category">The membership category code, e.g. "member", "observer".</param>
/// <param name="Status">"active", "suspended" or "withdrawn".</param>
/// <param name="EffectiveDate">Since when the status holds.</param>
/// <param name="Version">The membership event version this replica last applied; it only grows.</param>
public sealed record ReplicatedMemberView(
    Guid MemberId, string OrganisationName, string OrgType, string? CountryIso3, string Category, string Status, DateOnly EffectiveDate, long Version);
