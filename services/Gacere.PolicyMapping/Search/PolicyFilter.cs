using Gacere.PolicyMapping.Apis;
using Gacere.PolicyMapping.Domain;
using Gacere.ReferenceData;
using Gacere.ServiceDefaults;

namespace Gacere.PolicyMapping.Search;

/// <summary>
/// A checked search filter: vocabulary codes, countries and dates a reader asked for. Within one field the
/// values are alternatives (any of); across fields they all hold.
/// </summary>
public sealed record PolicyFilter
{
    public string? Text { get; init; }
    public string[] InstrumentTypes { get; init; } = [];
    public string[] PineTypes { get; init; } = [];
    public string[] ValueChains { get; init; } = [];
    public string[] RStrategies { get; init; } = [];
    public string[] MaterialCategories { get; init; } = [];
    public string[] Themes { get; init; } = [];
    public string[] Levels { get; init; } = [];
    public string[] Lifecycles { get; init; } = [];
    public string[] Indicators { get; init; } = [];
    /// <summary>Alpha-3 codes, from the country filter and the region filter (both must hold when both are given).</summary>
    public string[]? Countries { get; init; }
    public string[]? RegionCountries { get; init; }
    public bool? Binding { get; init; }
    public DateOnly? AdoptedFrom { get; init; }
    public DateOnly? AdoptedTo { get; init; }
    public DateOnly? InForceFrom { get; init; }
    public DateOnly? InForceTo { get; init; }
    public string Status { get; init; } = Vocabulary.Code(CurationStatus.Published);

    /// <summary>The raw query turned into a filter, or every field that is wrong.</summary>
    public static PolicyFilter? Parse(PolicyQuery query, CountryCatalog countries, bool isSecretariat, Dictionary<string, string[]> errors)
    {
        var filter = new PolicyFilter
        {
            Text = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim(),
            InstrumentTypes = QueryValues.Codes<InstrumentType>("instrumentType", query.InstrumentType, errors),
            PineTypes = QueryValues.Codes<PineType>("pineType", query.PineType, errors),
            ValueChains = QueryValues.Codes<ValueChain>("valueChain", query.ValueChain, errors),
            RStrategies = QueryValues.Codes<RStrategy>("rStrategy", query.RStrategy, errors),
            MaterialCategories = QueryValues.Codes<MaterialCategory>("materialCategory", query.MaterialCategory, errors),
            Themes = QueryValues.Codes<PolicyTheme>("theme", query.Theme, errors),
            Levels = QueryValues.Codes<JurisdictionLevel>("level", query.Level, errors),
            Lifecycles = QueryValues.Codes<PolicyLifecycle>("lifecycle", query.Lifecycle, errors),
            Binding = query.Binding,
            AdoptedFrom = query.AdoptedFrom,
            AdoptedTo = query.AdoptedTo,
            InForceFrom = query.InForceFrom,
            InForceTo = query.InForceTo,
        };

        // PostgreSQL cannot take a NUL in text: the only free-text values that reach it are refused here (q), and by QueryFields.Texts (indicator).
        if (query.Q?.Contains('\0', StringComparison.Ordinal) == true)
        {
            errors["q"] = ["The text contains a NUL character (\\u0000), which is not allowed."];
        }
        filter = filter with
        {
            Indicators = QueryFields.Texts("indicator", query.Indicator, errors),
            Countries = QueryFields.Countries(query.Country, countries, errors),
            RegionCountries = QueryFields.RegionCountries(query.Region, countries, errors),
        };
        if (query.AdoptedFrom > query.AdoptedTo)
        {
            errors["adoptedTo"] = ["The end of the adoption range is before its start."];
        }
        if (query.InForceFrom > query.InForceTo)
        {
            errors["inForceTo"] = ["The end of the entry-into-force range is before its start."];
        }
        if (query.Status is not null)
        {
            if (!Vocabulary.TryParse<CurationStatus>(query.Status, out var status))
            {
                errors["status"] = [$"Unknown status; {Vocabulary.Expected<CurationStatus>()}."];
            }
            else if (status != CurationStatus.Published && !isSecretariat)
            {
                errors["status"] = ["Only published instruments are public; other statuses are for the secretariat."];
            }
            else
            {
                filter = filter with { Status = query.Status };
            }
        }
        return errors.Count > 0 ? null : filter;
    }
}
