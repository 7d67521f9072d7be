namespace Gacere.ReferenceData;

/// <summary>An ISO 3166-1 country or area with its UN M49 region codes ("" where it has none at that level).</summary>
public sealed record Country(
    string Alpha3, string Name, string RegionCode, string RegionName, string SubRegionCode, string IntermediateRegionCode)
{
    /// <summary>The M49 regions the country lies in, widest first.</summary>
    public IEnumerable<string> Regions => new[] { RegionCode, SubRegionCode, IntermediateRegionCode }.Where(code => code.Length > 0);

    public bool IsIn(string m49Code) =>
        m49Code.Length > 0 && (m49Code == RegionCode || m49Code == SubRegionCode || m49Code == IntermediateRegionCode);
}

/// <summary>The countries and M49 regions the service accepts; built once from the reference data.</summary>
public sealed class CountryCatalog
{
    private readonly Dictionary<string, Country> _byAlpha3;
    private readonly HashSet<string> _regionCodes;

    public CountryCatalog(IEnumerable<Country> countries)
    {
        _byAlpha3 = countries.ToDictionary(c => c.Alpha3, StringComparer.OrdinalIgnoreCase);
        _regionCodes = [.. _byAlpha3.Values
            .SelectMany(c => new[] { c.RegionCode, c.SubRegionCode, c.IntermediateRegionCode })
            .Where(code => code.Length > 0)];
        Regions = [.. _byAlpha3.Values.Where(c => c.RegionCode.Length > 0)
            .Select(c => (c.RegionCode, c.RegionName)).Distinct().OrderBy(r => r.RegionCode, StringComparer.Ordinal)];
    }

    /// <summary>The top-level M49 regions (Africa, Americas, Asia, Europe, Oceania), by code.</summary>
    public IReadOnlyList<(string Code, string Name)> Regions { get; }

    public int Count => _byAlpha3.Count;

    public Country? Find(string? alpha3) => alpha3 is not null && _byAlpha3.TryGetValue(alpha3, out var country) ? country : null;

    /// <summary>Like <see cref="Find"/>, but only for the code exactly as stored (upper case): "ken" is refused rather than guessed.</summary>
    public Country? FindExact(string? alpha3) => Find(alpha3) is { } country && country.Alpha3 == alpha3 ? country : null;

    /// <summary>A three-digit M49 code of a region, sub-region or intermediate region ("002", "419").</summary>
    public bool IsRegion(string? m49Code) => m49Code is not null && _regionCodes.Contains(m49Code);

    /// <summary>The given regions and every region the given countries lie in.</summary>
    public string[] RegionsCovering(IEnumerable<string> countries, IEnumerable<string> regions) =>
        [.. regions.Concat(countries.Select(Find).OfType<Country>().SelectMany(c => c.Regions)).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Alpha-3 codes of every country whose region, sub-region or intermediate region is <paramref name="m49Code"/>.</summary>
    public IReadOnlyList<string> CountriesIn(string m49Code) =>
        [.. _byAlpha3.Values.Where(c => c.IsIn(m49Code)).Select(c => c.Alpha3).Order(StringComparer.Ordinal)];

    /// <summary>"2" and "002" name the same M49 region; anything but 1–3 digits is no region code.</summary>
    public static string? NormaliseRegionCode(string? code) =>
        code is { Length: >= 1 and <= 3 } && code.All(char.IsAsciiDigit) ? code.PadLeft(3, '0') : null;

    public static bool IsWellFormedAlpha3(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetter);
}
