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
        var country = Countries.Find(countryIso3)?.Alpha3;
        var candidates = await Db.Set<ReplicatedMember>().AsNoTracking()
            .Where(m => (country != null && m.CountryIso3 == country && m.OrgType == NationalGovernment) || (organisationId != null && m.MemberId == organisationId))
            .ToListAsync(CancellationToken);
        return ResolveJurisdiction(Countries, candidates, countryIso3, organisationId, errors);
    }

    /// <summary>The member jurisdictions an import may name, read once: national governments and member organisations.</summary>
    internal async Task<List<ReplicatedMember>> JurisdictionCandidatesAsync() =>
        await Db.Set<ReplicatedMember>().AsNoTracking()
            .Where(m => m.OrgType == NationalGovernment || m.OrgType == RegionalOrganisation)
            .ToListAsync(CancellationToken);

    /// <summary>
    /// The one rule for the jurisdiction a new instrument names, among <paramref name="candidates"/> (replica rows that
    /// may hold it; extra rows are ignored): a country's jurisdiction is its national government's membership (the
    /// latest when it left and rejoined, then by member id, so two equal rows always give the same answer); an
    /// organisation's is the member organisation itself. Adds a field error and returns null when there is none. The
    /// member's standing is carried, not checked: drafting refuses a member that is not active (409).
    /// </summary>
    internal static Jurisdiction? ResolveJurisdiction(
        CountryCatalog countries, IEnumerable<ReplicatedMember> candidates, string? countryIso3, Guid? organisationId, Dictionary<string, string[]> errors)
    {
        if (countryIso3 is not null && organisationId is not null)
        {
            errors["organisationId"] = ["Give either countryIso3 (a member country) or organisationId (a member organisation such as the EU), not both."];
            return null;
        }
        if (countryIso3 is not null)
        {
            if (countries.Find(countryIso3) is not { } country)
            {
                errors["countryIso3"] = [$"'{countryIso3}' is not an ISO 3166-1 alpha-3 country code, e.g. 'KEN'."];
                return null;
            }
            var government = candidates
                .Where(m => m.CountryIso3 == country.Alpha3 && m.OrgType == NationalGovernment)
                .OrderBy(m => m.Status == "withdrawn").ThenByDescending(m => m.EffectiveDate).ThenBy(m => m.MemberId)
                .FirstOrDefault();
            if (government is null)
            {
                errors["countryIso3"] = [$"{country.Name} ({country.Alpha3}) is not a member country of the Alliance."];
                return null;
            }
            return new Jurisdiction(government.MemberId, country.Alpha3, country.Name, government.Status, government.OrganisationName);
        }
        if (organisationId is not null)
        {
            var organisation = candidates.FirstOrDefault(m => m.MemberId == organisationId);
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
