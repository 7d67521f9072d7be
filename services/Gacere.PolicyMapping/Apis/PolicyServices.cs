using System.Security.Claims;
using Gacere.MemberReplica;
using Gacere.PolicyMapping.Data;
using Gacere.PolicyMapping.Domain;
using Gacere.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Validation;
using Gacere.ReferenceData;

namespace Gacere.PolicyMapping.Apis;

/// <summary>What every policy endpoint needs, bound with <c>[AsParameters]</c>.</summary>
/// <remarks>Services, not input: validation must not walk into the DbContext or the user's claims.</remarks>
#pragma warning disable ASP0029 // SkipValidation is marked experimental in .NET 10; without it validation walks every service property.
[SkipValidation]
#pragma warning restore ASP0029
public sealed record PolicyServices(
    PolicyMappingDbContext Db, CountryCatalog Countries, TimeProvider Time, ClaimsPrincipal User,
    ILogger<PolicyServices> Logger, CancellationToken CancellationToken)
{
    public const string NationalGovernment = "national_government";
    public const string RegionalOrganisation = "regional_economic_integration_org";

    internal bool IsSecretariat => User.IsInRole(GacereRoles.Secretariat);

    /// <summary>The token's subject and role; only called behind an authorization policy for either role.</summary>
    internal Actor Actor() => new(
        User.FindFirstValue(GacereRoles.SubjectClaim) ?? "unknown-subject",
        IsSecretariat ? CuratorRole.Secretariat : CuratorRole.FocalPoint,
        IsSecretariat ? null : User.FocalPointMemberId(),
        Time.GetUtcNow());

    /// <summary>May the caller read this instrument whatever its status: the secretariat, or its jurisdiction's focal point.</summary>
    internal bool MaySeeUnpublished(PolicyInstrument instrument) =>
        IsSecretariat || (User.FocalPointMemberId() is { } member && member == instrument.MemberId);

    /// <summary>The indicator codes an instrument may link to (the seeded and curated indicators).</summary>
    internal async Task<IReadOnlySet<string>> KnownIndicatorsAsync() =>
        (await Db.Indicators.AsNoTracking().Select(i => i.Code).ToListAsync(CancellationToken)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The jurisdiction a new instrument names; adds a field error and returns null when the replica has no such member.</summary>
    internal async Task<Jurisdiction?> FindJurisdictionAsync(string? countryIso3, Guid? organisationId, Dictionary<string, string[]> errors)
    {
        var members = Db.Set<ReplicatedMember>().AsNoTracking();
        if (countryIso3 is not null && organisationId is not null)
        {
            errors["organisationId"] = ["Give either countryIso3 (a member country) or organisationId (a member organisation such as the EU), not both."];
            return null;
        }
        if (countryIso3 is not null)
        {
            if (Countries.Find(countryIso3) is not { } country)
            {
                errors["countryIso3"] = [$"'{countryIso3}' is not an ISO 3166-1 alpha-3 country code, e.g. 'KEN'."];
                return null;
            }
            // A country's jurisdiction is its national government's membership; the latest one when it left and rejoined.
            var government = await members
                .Where(m => m.CountryIso3 == country.Alpha3 && m.OrgType == NationalGovernment)
                .OrderBy(m => m.Status == "withdrawn").ThenByDescending(m => m.EffectiveDate).ThenBy(m => m.MemberId)
                .FirstOrDefaultAsync(CancellationToken);
            if (government is null)
            {
                errors["countryIso3"] = [$"{country.Name} ({country.Alpha3}) is not a member country of the Alliance."];
                return null;
            }
            return new Jurisdiction(government.MemberId, country.Alpha3, country.Name, government.Status, government.OrganisationName);
        }
        if (organisationId is not null)
        {
            var organisation = await members.FirstOrDefaultAsync(m => m.MemberId == organisationId, CancellationToken);
            if (organisation is null || organisation.OrgType != RegionalOrganisation)
            {
                errors["organisationId"] = ["Give the member id of a member regional economic integration organisation (such as the EU); a country's instruments take countryIso3."];
                return null;
            }
            return new Jurisdiction(organisation.MemberId, null, organisation.OrganisationName, organisation.Status, organisation.OrganisationName);
        }
        errors["countryIso3"] = ["Give the jurisdiction: countryIso3 (a member country) or organisationId (a member organisation such as the EU)."];
        return null;
    }

    /// <summary>The jurisdiction of an existing instrument, with its member's current standing in the replica.</summary>
    internal async Task<Jurisdiction> JurisdictionOfAsync(PolicyInstrument instrument)
    {
        var member = await Db.Set<ReplicatedMember>().AsNoTracking().FirstOrDefaultAsync(m => m.MemberId == instrument.MemberId, CancellationToken);
        return new Jurisdiction(instrument.MemberId, instrument.CountryIso3, instrument.JurisdictionName,
            member?.Status ?? "unknown", member?.OrganisationName ?? instrument.JurisdictionName);
    }

    /// <summary>The focal point's own member's jurisdiction, for a draft that names none.</summary>
    internal async Task<(string? CountryIso3, Guid? OrganisationId)> OwnJurisdictionAsync()
    {
        if (User.FocalPointMemberId() is not { } memberId)
        {
            return (null, null);
        }
        var member = await Db.Set<ReplicatedMember>().AsNoTracking().FirstOrDefaultAsync(m => m.MemberId == memberId, CancellationToken);
        return member switch
        {
            { OrgType: NationalGovernment, CountryIso3: { } iso3 } => (iso3, null),
            { OrgType: RegionalOrganisation } => (null, member.MemberId),
            _ => (null, null),
        };
    }

    /// <summary>Commits; a concurrent change to the same instrument is a 409, never a lost update.</summary>
    internal async Task SaveAsync()
    {
        try
        {
            await Db.SaveChangesAsync(CancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrentChange();
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw new AlreadyRecorded();
        }
    }
}
