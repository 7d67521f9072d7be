using System.ComponentModel.DataAnnotations;
using Gacere.PolicyMapping.Domain;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.PolicyMapping.Apis;

/// <summary>A policy instrument as a focal point or the secretariat records it (a new draft, or a draft's new content).</summary>
public sealed class PolicyInstrumentInput
{
    /// <summary>
    /// The member country whose instrument this is (ISO 3166-1 alpha-3, e.g. "CHL"). Give this or
    /// <see cref="OrganisationId"/>; a focal point that gives neither records for its own member. Ignored when a draft is revised.
    /// </summary>
    [StringLength(3)]
    public string? CountryIso3 { get; init; }

    /// <summary>The member organisation (e.g. the EU) whose instrument this is, by its member id. Ignored when a draft is revised.</summary>
    public Guid? OrganisationId { get; init; }

    /// <summary>The level of government that adopted it: "supranational" for an organisation's, otherwise "national", "subnational" or "local".</summary>
    [Required]
    public JurisdictionLevel? Level { get; init; }

    /// <summary>The title in the original language.</summary>
    [Required, StringLength(500, MinimumLength = 2)]
    public string? TitleOriginal { get; init; }

    /// <summary>The title in English (the same as the original for an English instrument).</summary>
    [Required, StringLength(500, MinimumLength = 2)]
    public string? TitleEnglish { get; init; }

    /// <summary>The original language, ISO 639-1 (e.g. "es").</summary>
    [Required, StringLength(2, MinimumLength = 2)]
    public string? OriginalLanguage { get; init; }

    /// <summary>What the instrument does, in English, 10 to 4000 characters.</summary>
    [Required, StringLength(4000, MinimumLength = 10)]
    public string? Summary { get; init; }

    /// <summary>The summary in the original language, where there is one.</summary>
    [StringLength(4000)]
    public string? SummaryOriginal { get; init; }

    /// <summary>When it was adopted (ISO date); required unless the lifecycle is "proposed".</summary>
    public DateOnly? AdoptedOn { get; init; }

    /// <summary>When it entered (or enters) into force (ISO date); required when the lifecycle is "in_force".</summary>
    public DateOnly? InForceOn { get; init; }

    /// <summary>Where it stands in law.</summary>
    [Required]
    public PolicyLifecycle? Lifecycle { get; init; }

    /// <summary>Binding (law, regulation) or not (strategy, voluntary agreement).</summary>
    [Required]
    public bool? Binding { get; init; }

    /// <summary>Where the text is published: an absolute http(s) URL.</summary>
    [Required, StringLength(2000)]
    public string? SourceUrl { get; init; }

    /// <summary>SDG 12.1.1 instrument type (UNEP).</summary>
    [Required]
    public InstrumentType? InstrumentType { get; init; }

    /// <summary>OECD PINE instrument type, for economic instruments.</summary>
    public PineType? PineType { get; init; }

    /// <summary>EU CEAP key value chains it addresses.</summary>
    [MaxLength(8)]
    public List<ValueChain>? ValueChains { get; init; }

    /// <summary>R-strategies (R0 refuse … R9 recover) it supports.</summary>
    [MaxLength(10)]
    public List<RStrategy>? RStrategies { get; init; }

    /// <summary>Material categories (IRP) it concerns.</summary>
    [MaxLength(4)]
    public List<MaterialCategory>? MaterialCategories { get; init; }

    /// <summary>Themes of the Alliance it contributes to.</summary>
    [MaxLength(4)]
    public List<PolicyTheme>? Themes { get; init; }

    /// <summary>Codes of the indicators it reports on (see GET /api/policies/indicators).</summary>
    [MaxLength(20)]
    public List<string>? IndicatorCodes { get; init; }

    /// <summary>The content as the domain takes it, or every field that is wrong (beyond the annotations above).</summary>
    internal InstrumentContent? ToContent(bool isOrganisation, IReadOnlySet<string> knownIndicators, Dictionary<string, string[]> errors)
    {
        void Add(string field, string? message)
        {
            if (message is not null)
            {
                errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
            }
        }
        Add("originalLanguage", InstrumentRules.CheckLanguage(OriginalLanguage));
        Add("sourceUrl", InstrumentRules.CheckSourceUrl(SourceUrl));
        Add("level", InstrumentRules.CheckLevel(isOrganisation, Level!.Value));
        foreach (var (field, message) in InstrumentRules.CheckDates(Lifecycle!.Value, AdoptedOn, InForceOn))
        {
            Add(field, message);
        }
        var indicators = IndicatorCodes ?? [];
        for (var i = 0; i < indicators.Count; i++)
        {
            if (indicators[i] is not { } code || !knownIndicators.Contains(code))
            {
                Add($"indicatorCodes[{i}]", $"Unknown indicator; use one of: {string.Join(", ", knownIndicators.Order(StringComparer.Ordinal))}.");
            }
        }
        if (errors.Count > 0)
        {
            return null;
        }
        return new InstrumentContent(
            Level!.Value, TitleOriginal!.Trim(), TitleEnglish!.Trim(), OriginalLanguage!, Summary!.Trim(),
            string.IsNullOrWhiteSpace(SummaryOriginal) ? null : SummaryOriginal.Trim(),
            AdoptedOn, InForceOn, Lifecycle!.Value, Binding!.Value, InstrumentRules.NormaliseSourceUrl(SourceUrl)!, InstrumentType!.Value, PineType,
            ValueChains ?? [], RStrategies ?? [], MaterialCategories ?? [], Themes ?? [], indicators);
    }
}

/// <summary>A curation step's note: why it was taken. Required to reject or archive.</summary>
public sealed class CurationStepInput
{
    /// <summary>Why; kept in the instrument's trail (and shown to the focal point on a rejection).</summary>
    [StringLength(2000)]
    public string? Reason { get; init; }
}

/// <summary>A policy instrument with every field and classification.</summary>
/// <param name="InstrumentId">The instrument's id.</param>
/// <param name="MemberId">The member whose jurisdiction it is.</param>
/// <param name="CountryIso3">ISO 3166-1 alpha-3; null for an organisation's instrument.</param>
/// <param name="Jurisdiction">The country's or organisation's name.</param>
/// <param name="Level">Level of government.</param>
/// <param name="TitleOriginal">Title in the original language.</param>
/// <param name="TitleEnglish">Title in English.</param>
/// <param name="OriginalLanguage">ISO 639-1.</param>
/// <param name="Summary">Summary in English.</param>
/// <param name="SummaryOriginal">Summary in the original language.</param>
/// <param name="AdoptedOn">Adoption date.</param>
/// <param name="InForceOn">Entry into force.</param>
/// <param name="Lifecycle">Where it stands in law.</param>
/// <param name="Binding">Binding or not.</param>
/// <param name="SourceUrl">Where the text is published.</param>
/// <param name="InstrumentType">SDG 12.1.1 type.</param>
/// <param name="PineType">OECD PINE type.</param>
/// <param name="ValueChains">EU CEAP key value chains.</param>
/// <param name="RStrategies">R-strategies.</param>
/// <param name="MaterialCategories">Material categories.</param>
/// <param name="Themes">Themes.</param>
/// <param name="IndicatorCodes">Indicators it reports on.</param>
/// <param name="Status">Curation status; only "published" instruments are public.</param>
/// <param name="CreatedAt">When it was drafted.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="PublishedAt">When it was published.</param>
public sealed record PolicyInstrumentView(
    Guid InstrumentId, Guid MemberId, string? CountryIso3, string Jurisdiction, JurisdictionLevel Level,
    string TitleOriginal, string TitleEnglish, string OriginalLanguage, string Summary, string? SummaryOriginal,
    DateOnly? AdoptedOn, DateOnly? InForceOn, PolicyLifecycle Lifecycle, bool Binding, string SourceUrl,
    InstrumentType InstrumentType, PineType? PineType, IReadOnlyList<ValueChain> ValueChains, IReadOnlyList<RStrategy> RStrategies,
    IReadOnlyList<MaterialCategory> MaterialCategories, IReadOnlyList<PolicyTheme> Themes, IReadOnlyList<string> IndicatorCodes,
    CurationStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt)
{
    internal static PolicyInstrumentView Of(PolicyInstrument i) => new(
        i.Id, i.MemberId, i.CountryIso3, i.JurisdictionName, i.Level, i.TitleOriginal, i.TitleEnglish, i.OriginalLanguage,
        i.Summary, i.SummaryOriginal, i.AdoptedOn, i.InForceOn, i.Lifecycle, i.Binding, i.SourceUrl, i.InstrumentType, i.PineType,
        Parse<ValueChain>(i.ValueChains), Parse<RStrategy>(i.RStrategies), Parse<MaterialCategory>(i.MaterialCategories),
        Parse<PolicyTheme>(i.Themes), i.IndicatorCodes, i.Status, i.CreatedAt, i.UpdatedAt, i.PublishedAt);

    internal static TEnum[] Parse<TEnum>(string[] codes) where TEnum : struct, Enum => [.. codes.Select(Vocabulary.Parse<TEnum>)];
}

/// <summary>One step of an instrument's curation trail.</summary>
/// <param name="Action">"create", "revise", "submit", "validate", "publish", "reject", "archive" or "redraft".</param>
/// <param name="From">Status before; null for the creation.</param>
/// <param name="To">Status after.</param>
/// <param name="Actor">Who (the token's subject).</param>
/// <param name="Role">In which role: "focal_point" or "secretariat".</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why, where given.</param>
public sealed record CurationEntryView(TrailAction Action, CurationStatus? From, CurationStatus To, string Actor, CuratorRole Role, DateTimeOffset At, string? Reason)
{
    internal static CurationEntryView Of(CurationEntry e) => new(e.Action, e.From, e.To, e.Actor, e.Role, e.At, e.Reason);
}
