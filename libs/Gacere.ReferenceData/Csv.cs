using System.Text;

namespace Gacere.ReferenceData;

/// <summary>RFC 4180 records: commas separate, double quotes enclose (line breaks too), "" inside quotes is a quote.</summary>
public static class Csv
{
    public static async Task<List<string[]>> ReadAllAsync(TextReader reader, CancellationToken cancellationToken) =>
        ReadAll(await reader.ReadToEndAsync(cancellationToken));

    /// <summary>One record (a header line, say); an empty line is one empty field.</summary>
    public static string[] ParseLine(string line) => ReadAll(line) is [var record, ..] ? record : [""];

    /// <returns>The records in order; <c>null</c> fields never occur (an empty field is ""), blank lines are skipped.</returns>
    public static List<string[]> ReadAll(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    if (any || field.Length > 0)
                    {
                        fields.Add(field.ToString());
                        records.Add([.. fields]);
                    }
                    fields.Clear();
                    field.Clear();
                    any = false;
                    break;
                default:
                    field.Append(c);
                    any = true;
                    break;
            }
        }
        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }
        return records;
    }
}
