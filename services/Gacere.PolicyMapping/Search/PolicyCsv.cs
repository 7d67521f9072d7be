using System.Globalization;
using System.Text;
using Npgsql;

namespace Gacere.PolicyMapping.Search;

/// <summary>
/// The export's CSV (RFC 4180): a header row, one row per instrument, ISO 8601 dates, multi-valued fields
/// joined with ';'. Written in UTF-8 with a byte-order mark so that spreadsheets read accents correctly.
/// </summary>
internal static class PolicyCsv
{
    public static readonly string[] Header =
    [
        "instrument_id", "member_id", "country_iso3", "jurisdiction", "level", "title_original", "title_english", "original_language",
        "summary", "summary_original", "adopted_on", "in_force_on", "lifecycle", "binding", "source_url", "instrument_type",
        "pine_type", "value_chains", "r_strategies", "material_categories", "themes", "indicator_codes", "status", "published_at",
    ];

    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Quote)) + "\r\n";

    /// <summary>Quotes a field that holds a comma, quote or line break; doubles its quotes. A leading =, +, -, @ is
    /// defused with an apostrophe so a spreadsheet never runs a title as a formula.</summary>
    public static string Quote(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            field = "'" + field;
        }
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
    }

    public static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: true);

    /// <summary>
    /// One instrument's row in the order of <see cref="Header"/>, written straight from a reader of <see cref="PolicySql.ViewColumns"/> into
    /// <paramref name="line"/>: the stored codes are already the wire codes, so no view, enum or per-field string is made.
    /// </summary>
    public static void AppendRow(StringBuilder line, NpgsqlDataReader r)
    {
        Span<char> scratch = stackalloc char[36];
        AppendGuid(line, r.GetGuid(0), scratch).Append(',');
        AppendGuid(line, r.GetGuid(1), scratch).Append(',');
        for (var column = 2; column <= 9; column++)
        {
            AppendField(line, r.IsDBNull(column) ? "" : column == 7 ? r.GetString(column).Trim() : r.GetString(column)).Append(',');
        }
        AppendDate(line, r, 10, scratch).Append(',');
        AppendDate(line, r, 11, scratch).Append(',');
        AppendField(line, r.GetString(12)).Append(',');
        line.Append(r.GetBoolean(13) ? "true" : "false").Append(',');
        AppendField(line, r.GetString(14)).Append(',');
        AppendField(line, r.GetString(15)).Append(',');
        AppendField(line, r.IsDBNull(16) ? "" : r.GetString(16)).Append(',');
        for (var column = 17; column <= 21; column++)
        {
            AppendField(line, string.Join(';', r.GetFieldValue<string[]>(column))).Append(',');
        }
        AppendField(line, r.GetString(22)).Append(',');
        if (!r.IsDBNull(25) && r.GetFieldValue<DateTimeOffset>(25).UtcDateTime.TryFormat(scratch, out var written, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
        {
            line.Append(scratch[..written]);
        }
        line.Append("\r\n");
    }

    /// <summary><see cref="Quote"/> into a builder, allocating only when the field must be quoted or defused.</summary>
    private static StringBuilder AppendField(StringBuilder line, string field) =>
        (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r') || field.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? line.Append(Quote(field))
            : line.Append(field);

    private static StringBuilder AppendGuid(StringBuilder line, Guid id, Span<char> scratch) =>
        id.TryFormat(scratch, out var written) ? line.Append(scratch[..written]) : line.Append(id.ToString());

    private static StringBuilder AppendDate(StringBuilder line, NpgsqlDataReader r, int column, Span<char> scratch) =>
        !r.IsDBNull(column) && r.GetFieldValue<DateOnly>(column).TryFormat(scratch, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            ? line.Append(scratch[..written])
            : line;
}
