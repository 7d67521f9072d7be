using Gacere.ReferenceData;
using Gacere.ServiceDefaults;

namespace Gacere.PolicyMapping.Apis;

/// <summary>
/// The list filters' query fields, read one way for every list that takes them (the instruments' search, map and
/// exports, barriers, research needs): several values of one field are alternatives ("a,b" or repeated, see
/// <see cref="QueryValues.Split"/>), and each wrong field is an error naming it.
/// </summary>
internal static class QueryFields
{
    /// <summary>Free-text values (e.g. indicator codes); PostgreSQL cannot take a NUL in text, so one is an error naming the field.</summary>
    public static string[] Texts(string field, string[]? values, Dictionary<string, string[]> errors)
    {
        var given = QueryValues.Split(values);
        if (given.Any(value => value.Contains('\0', StringComparison.Ordinal)))
        {
            errors[field] = ["The text contains a NUL character (\\u0000), which is not allowed."];
        }
        return given;
    }

    /// <summary>The "country" field as alpha-3 codes; null when it is not given.</summary>
    public static string[]? Countries(string[]? values, CountryCatalog countries, Dictionary<string, string[]> errors)
    {
        var codes = QueryValues.Split(values);
        if (codes.Length == 0)
        {
            return null;
        }
        var found = codes.Select(countries.Find).ToArray();
        if (Array.IndexOf(found, null) is var missing and >= 0)
        {
            errors["country"] = [$"'{codes[missing]}' is not an ISO 3166-1 alpha-3 country code, e.g. 'KEN'."];
        }
        return [.. found.OfType<Country>().Select(c => c.Alpha3)];
    }

    /// <summary>The "region" field (a UN M49 code) as the alpha-3 codes of its countries; null when it is not given.</summary>
    public static string[]? RegionCountries(string? region, CountryCatalog countries, Dictionary<string, string[]> errors)
    {
        if (region is null)
        {
            return null;
        }
        if (CountryCatalog.NormaliseRegionCode(region) is { } code && countries.IsRegion(code))
        {
            return [.. countries.CountriesIn(code)];
        }
        errors["region"] = ["Give a UN M49 region, sub-region or intermediate-region code, e.g. '150' (Europe), '002' (Africa), '419' (Latin America and the Caribbean)."];
        return null;
    }
}
