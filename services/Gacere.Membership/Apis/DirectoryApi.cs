using Gacere.Membership.Domain;
using Gacere.Membership.MemberDirectory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.Membership.Apis;

/// <summary>The public member directory, served from the shared output cache.</summary>
public static class DirectoryApi
{
    public static RouteGroupBuilder MapDirectoryApi(this RouteGroupBuilder membership)
    {
        membership.MapGet("/directory", GetDirectory)
            .WithName("GetMemberDirectory")
            .WithSummary("Members of the Alliance (withdrawn ones excluded), by organisation name")
            .WithDescription("Filters: category, orgType, country (ISO alpha-3), region (UN M49 region, sub-region or intermediate-region code).")
            .WithTags("Directory")
            .CacheOutput(DirectoryCache.PolicyName)
            .AllowAnonymous();
        return membership;
    }

    public static async Task<Results<Ok<Page<DirectoryEntry>>, ValidationProblem>> GetDirectory(
        [AsParameters] DirectoryQuery query, [AsParameters] PageRequest page, [AsParameters] MembershipServices services, CountryCatalog countries)
    {
        var members = services.Db.Members.AsNoTracking().Where(m => m.Status != MemberStatus.Withdrawn);
        var errors = new Dictionary<string, string[]>();

        if (query.Category is not null)
        {
            if (Vocabulary.TryParse<MembershipCategory>(query.Category, out var category))
            {
                members = members.Where(m => m.Category == category);
            }
            else
            {
                errors["category"] = [$"Unknown category; use one of: {string.Join(", ", Vocabulary.AllCodes<MembershipCategory>())}."];
            }
        }
        if (query.OrgType is not null)
        {
            if (Vocabulary.TryParse<OrgType>(query.OrgType, out var orgType))
            {
                members = members.Where(m => m.OrgType == orgType);
            }
            else
            {
                errors["orgType"] = [$"Unknown organisation type; use one of: {string.Join(", ", Vocabulary.AllCodes<OrgType>())}."];
            }
        }
        if (query.Country is not null)
        {
            if (countries.Find(query.Country) is { } country)
            {
                members = members.Where(m => m.CountryIso3 == country.Alpha3);
            }
            else
            {
                errors["country"] = ["Give an ISO 3166-1 alpha-3 country code, e.g. 'KEN'."];
            }
        }
        if (query.Region is not null)
        {
            if (CountryCatalog.NormaliseRegionCode(query.Region) is { } region && countries.IsRegion(region))
            {
                var inRegion = countries.CountriesIn(region);
                members = members.Where(m => m.CountryIso3 != null && inRegion.Contains(m.CountryIso3));
            }
            else
            {
                errors["region"] = ["Give a UN M49 region, sub-region or intermediate-region code, e.g. '150' (Europe), '002' (Africa), '419' (Latin America and the Caribbean)."];
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var ordered = members.OrderBy(m => m.OrganisationName).ThenBy(m => m.Id)
            .Select(m => new
            {
                m.Id, m.OrganisationName, m.OrgType, m.CountryIso3, m.Category, m.CategoryVerified, m.Status,
                m.MemberSince, m.MemberSincePrecision, m.SourceReference,
            });
        // The country's name comes from the reference data in memory, not from the database.
        var rows = await ordered.ToPageAsync(page, services.CancellationToken);
        return TypedResults.Ok(rows.Map(m => new DirectoryEntry(
            m.Id, m.OrganisationName, m.OrgType, m.CountryIso3, countries.Find(m.CountryIso3)?.Name, m.Category, m.CategoryVerified, m.Status,
            m.MemberSince, m.MemberSincePrecision, m.SourceReference)));
    }
}
