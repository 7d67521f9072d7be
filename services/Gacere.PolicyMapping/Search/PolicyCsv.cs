using System.Globalization;
using System.Text;
using Gacere.PolicyMapping.Apis;
using Gacere.PolicyMapping.Domain;
using Gacere.ServiceDefaults;

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

    public static string Row(PolicyInstrumentView i) => Line(
    [
        i.InstrumentId.ToString(), i.MemberId.ToString(), i.CountryIso3 ?? "", i.Jurisdiction, Vocabulary.Code(i.Level), i.TitleOriginal, i.TitleEnglish,
        i.OriginalLanguage, i.Summary, i.SummaryOriginal ?? "", Date(i.AdoptedOn), Date(i.InForceOn), Vocabulary.Code(i.Lifecycle),
        i.Binding ? "true" : "false", i.SourceUrl, Vocabulary.Code(i.InstrumentType), i.PineType is { } pine ? Vocabulary.Code(pine) : "",
        Join(i.ValueChains), Join(i.RStrategies), Join(i.MaterialCategories), Join(i.Themes), string.Join(';', i.IndicatorCodes),
        Vocabulary.Code(i.Status), i.PublishedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "",
    ]);

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

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Join<TEnum>(IEnumerable<TEnum> values) where TEnum : struct, Enum => string.Join(';', values.Select(Vocabulary.Code));
}
