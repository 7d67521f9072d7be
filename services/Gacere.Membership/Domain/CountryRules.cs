using Gacere.ReferenceData;

namespace Gacere.Membership.Domain;

/// <summary>Which organisations carry a country code, and which codes exist.</summary>
public static class CountryRules
{
    /// <returns>Why the country does not fit the organisation, or null when it does.</returns>
    public static string? Check(OrgType type, string? countryIso3, CountryCatalog catalog)
    {
        if (string.IsNullOrEmpty(countryIso3))
        {
            return type == OrgType.NationalGovernment
                ? "A national government must give its country as an ISO 3166-1 alpha-3 code."
                : null;
        }
        if (type == OrgType.RegionalEconomicIntegrationOrg)
        {
            // The EU is not a country and has no alpha-3 code; it is modelled as an organisation.
            return "A regional economic integration organisation has no country code; leave it empty.";
        }
        if (!CountryCatalog.IsWellFormedAlpha3(countryIso3))
        {
            return "The country must be an ISO 3166-1 alpha-3 code of three letters, e.g. 'KEN'.";
        }
        return catalog.Find(countryIso3) is null ? $"'{countryIso3}' is not an ISO 3166-1 alpha-3 country code." : null;
    }
}
