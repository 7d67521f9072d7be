using Gacere.PolicyMapping.Domain;

namespace Gacere.PolicyMapping.Data.Reference;

/// <summary>Reads <c>countries-m49.csv</c> (see README.md beside it) shipped in the build output.</summary>
internal static class CountryReferenceData
{
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Data", "Reference", "countries-m49.csv");

    public static CountryCatalog Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = ParseLine(lines[0]);
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0
            ? i
            : throw new InvalidDataException($"{path} has no '{name}' column.");
        var (name, alpha3, region, regionName, subRegion, intermediate) = (Column("name"), Column("alpha-3"),
            Column("region-code"), Column("region"), Column("sub-region-code"), Column("intermediate-region-code"));

        return new CountryCatalog(lines.Skip(1)
            .Where(line => line.Length > 0)
            .Select(ParseLine)
            .Select(f => new Country(f[alpha3], f[name], f[region], f[regionName], f[subRegion], f[intermediate])));
    }

    /// <summary>One RFC 4180 record: commas separate, double quotes enclose, "" inside quotes is a quote.</summary>
    internal static string[] ParseLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return [.. fields];
    }
}
