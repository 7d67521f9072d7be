namespace Gacere.Partnerships.Domain;

/// <summary>An ISO 3166-1 country or area with its UN M49 region codes ("" where it has none at that level).</summary>
public sealed record Country(string Alpha3, string Name, string RegionCode, string SubRegionCode, string IntermediateRegionCode)
{
    /// <summary>The M49 regions the country lies in, widest first.</summary>
    public IEnumerable<string> Regions => new[] { RegionCode, SubRegionCode, IntermediateRegionCode }.Where(code => code.Length > 0);
}

/// <summary>The countries and M49 regions a partnership may name; built once from the reference data.</summary>
public sealed class CountryCatalog
{
    private readonly Dictionary<string, Country> _byAlpha3;
    private readonly HashSet<string> _regionCodes;

    public CountryCatalog(IEnumerable<Country> countries)
    {
        _byAlpha3 = countries.ToDictionary(c => c.Alpha3, StringComparer.Ordinal);
        _regionCodes = [.. _byAlpha3.Values.SelectMany(c => c.Regions)];
    }

    public int Count => _byAlpha3.Count;

    /// <summary>Upper-case alpha-3 only, as stored: "ken" is refused rather than guessed.</summary>
    public Country? Find(string? alpha3) => alpha3 is not null && _byAlpha3.TryGetValue(alpha3, out var country) ? country : null;

    /// <summary>A three-digit M49 code of a region, sub-region or intermediate region ("002", "419").</summary>
    public bool IsRegion(string? m49Code) => m49Code is { Length: 3 } && _regionCodes.Contains(m49Code);

    /// <summary>The given regions and every region the given countries lie in: what the duplication check compares.</summary>
    public string[] RegionsCovering(IEnumerable<string> countries, IEnumerable<string> regions) =>
        [.. regions.Concat(countries.Select(Find).OfType<Country>().SelectMany(c => c.Regions)).Distinct().Order(StringComparer.Ordinal)];
}
