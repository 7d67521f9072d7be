namespace Gacere.ReferenceData;

/// <summary>Reads <c>countries-m49.csv</c> (source and licence in README.md beside it), embedded in this library.</summary>
public static class CountryReferenceData
{
    private const string ResourceName = "Gacere.ReferenceData.countries-m49.csv";

    /// <summary>The ISO 3166-1 countries and areas with their UN M49 regions.</summary>
    public static CountryCatalog Load()
    {
        using var stream = typeof(CountryReferenceData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"{ResourceName} is not embedded in {typeof(CountryReferenceData).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var records = Csv.ReadAll(reader.ReadToEnd());
        var header = records[0];
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0
            ? i
            : throw new InvalidDataException($"{ResourceName} has no '{name}' column.");
        var (name, alpha3, region, regionName, subRegion, intermediate) = (Column("name"), Column("alpha-3"),
            Column("region-code"), Column("region"), Column("sub-region-code"), Column("intermediate-region-code"));

        return new CountryCatalog(records.Skip(1).Select(f => new Country(f[alpha3], f[name], f[region], f[regionName], f[subRegion], f[intermediate])));
    }
}
