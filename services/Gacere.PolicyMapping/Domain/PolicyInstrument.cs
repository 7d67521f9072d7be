using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.PolicyMapping.Domain;

/// <summary>
/// A member's policy instrument (law, strategy, tax, programme…) with its classification, as a focal point
/// records it and the secretariat curates it. Multi-valued classifications are kept as their vocabulary codes.
/// </summary>
public sealed class PolicyInstrument
{
    private PolicyInstrument() { }

    public Guid Id { get; private init; }
    /// <summary>The member whose jurisdiction this is: the national government of <see cref="CountryIso3"/>, or the organisation itself.</summary>
    public Guid MemberId { get; private init; }
    /// <summary>ISO 3166-1 alpha-3; null for an organisation's instrument (e.g. the EU's).</summary>
    public string? CountryIso3 { get; private init; }
    /// <summary>The country's or the organisation's name when the instrument was drafted.</summary>
    public string JurisdictionName { get; private init; } = "";
    public JurisdictionLevel Level { get; private set; }
    public string TitleOriginal { get; private set; } = "";
    public string TitleEnglish { get; private set; } = "";
    /// <summary>ISO 639-1 code of the original language.</summary>
    public string OriginalLanguage { get; private set; } = "";
    /// <summary>Summary in English.</summary>
    public string Summary { get; private set; } = "";
    /// <summary>Summary in the original language, where there is one.</summary>
    public string? SummaryOriginal { get; private set; }
    public DateOnly? AdoptedOn { get; private set; }
    public DateOnly? InForceOn { get; private set; }
    public PolicyLifecycle Lifecycle { get; private set; }
    public bool Binding { get; private set; }
    public string SourceUrl { get; private set; } = "";
    public InstrumentType InstrumentType { get; private set; }
    public PineType? PineType { get; private set; }
    public string[] ValueChains { get; private set; } = [];
    public string[] RStrategies { get; private set; } = [];
    public string[] MaterialCategories { get; private set; } = [];
    public string[] Themes { get; private set; } = [];
    /// <summary>Codes of the indicators the instrument reports on.</summary>
    public string[] IndicatorCodes { get; private set; } = [];
    public CurationStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private init; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>When it was last published; null until then.</summary>
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>A new draft for a jurisdiction the caller may act for (checked by <see cref="Jurisdiction"/>).</summary>
    public static (PolicyInstrument Instrument, CurationEntry Entry) Draft(Jurisdiction jurisdiction, InstrumentContent content, Actor actor)
    {
        jurisdiction.EnsureMayChange(actor);
        var instrument = new PolicyInstrument
        {
            Id = Guid.CreateVersion7(actor.At),
            MemberId = jurisdiction.MemberId,
            CountryIso3 = jurisdiction.CountryIso3,
            JurisdictionName = jurisdiction.Name,
            Status = CurationStatus.Draft,
            CreatedAt = actor.At,
        };
        instrument.Apply(content, actor.At);
        return (instrument, CurationEntry.Record(instrument.Id, TrailAction.Create, null, CurationStatus.Draft, actor, null));
    }

    /// <summary>New content for a draft; the jurisdiction stays the one it was drafted for.</summary>
    public CurationEntry Revise(Jurisdiction jurisdiction, InstrumentContent content, Actor actor)
    {
        jurisdiction.EnsureMayChange(actor);
        if (!Curation.IsEditable(Status))
        {
            throw new InstrumentNotEditable(Status);
        }
        Apply(content, actor.At);
        return CurationEntry.Record(Id, TrailAction.Revise, Status, Status, actor, null);
    }

    /// <summary>
    /// One curation step. Order of refusals: the role (403), the jurisdiction (403), the lifecycle (409),
    /// the member's standing for the steps a member takes (409), then the reason (400).
    /// </summary>
    public CurationEntry Move(CurationAction action, Jurisdiction jurisdiction, Actor actor, string? reason)
    {
        if (!Curation.MayTake(actor.Role, action))
        {
            throw new CurationStepForbidden(action);
        }
        if (!actor.MayActFor(MemberId))
        {
            throw new NotYourJurisdiction();
        }
        if (Curation.Target(Status, action) is not { } to)
        {
            throw new IllegalCurationMove(Status, action);
        }
        if (action is CurationAction.Submit or CurationAction.Redraft)
        {
            jurisdiction.EnsureActive();
        }
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (Curation.NeedsReason(action) && reason is null)
        {
            throw new ReasonRequired(action);
        }
        var from = Status;
        Status = to;
        UpdatedAt = actor.At;
        if (to == CurationStatus.Published)
        {
            PublishedAt = actor.At;
        }
        return CurationEntry.Record(Id, Enum.Parse<TrailAction>(action.ToString()), from, to, actor, reason);
    }

    private void Apply(InstrumentContent content, DateTimeOffset at)
    {
        Level = content.Level;
        TitleOriginal = content.TitleOriginal;
        TitleEnglish = content.TitleEnglish;
        OriginalLanguage = content.OriginalLanguage;
        Summary = content.Summary;
        SummaryOriginal = content.SummaryOriginal;
        AdoptedOn = content.AdoptedOn;
        InForceOn = content.InForceOn;
        Lifecycle = content.Lifecycle;
        Binding = content.Binding;
        SourceUrl = content.SourceUrl;
        InstrumentType = content.InstrumentType;
        PineType = content.PineType;
        ValueChains = Codes(content.ValueChains);
        RStrategies = Codes(content.RStrategies);
        MaterialCategories = Codes(content.MaterialCategories);
        Themes = Codes(content.Themes);
        IndicatorCodes = [.. content.IndicatorCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        UpdatedAt = at;
    }

    /// <summary>Distinct codes in the vocabulary's own order, so equal classifications are stored equally.</summary>
    private static string[] Codes<TEnum>(IEnumerable<TEnum> values) where TEnum : struct, Enum =>
        [.. values.Distinct().Order().Select(Vocabulary.Code)];
}

/// <summary>An instrument's content, already checked by <see cref="InstrumentRules"/>.</summary>
public sealed record InstrumentContent(
    JurisdictionLevel Level,
    string TitleOriginal,
    string TitleEnglish,
    string OriginalLanguage,
    string Summary,
    string? SummaryOriginal,
    DateOnly? AdoptedOn,
    DateOnly? InForceOn,
    PolicyLifecycle Lifecycle,
    bool Binding,
    string SourceUrl,
    InstrumentType InstrumentType,
    PineType? PineType,
    IReadOnlyList<ValueChain> ValueChains,
    IReadOnlyList<RStrategy> RStrategies,
    IReadOnlyList<MaterialCategory> MaterialCategories,
    IReadOnlyList<PolicyTheme> Themes,
    IReadOnlyList<string> IndicatorCodes);
