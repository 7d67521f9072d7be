using Gacere.ReferenceData;
using Gacere.ServiceDefaults;

namespace Gacere.Partnerships.Domain;

/// <summary>Where a best practice stands: <c>submitted → published | rejected</c>. Only published ones are public.</summary>
public enum BestPracticeStatus
{
    Submitted,
    Published,
    Rejected,
}

/// <summary>What a best practice's trail entry records.</summary>
public enum BestPracticeAction
{
    Submitted,
    Published,
    Rejected,
}

/// <summary>A best practice as submitted, already checked against the rules (codes exist, the member may submit).</summary>
public sealed record BestPracticeDraft(
    Guid MemberId,
    string Title,
    string CountryIso3,
    OrgType OrganisationType,
    ValueChain ValueChain,
    IReadOnlyList<RStrategy> RStrategies,
    string Language,
    string Outcomes,
    string Source,
    Guid? PartnershipId);

/// <summary>
/// A practice that worked, modelled on the European Circular Economy Stakeholder Platform's good practices
/// (DOMAIN.md, "Partnerships"): submitted by a member's focal point, published or rejected by the secretariat.
/// Every change returns the trail entry that records it; the caller stores it with the change.
/// </summary>
public sealed class BestPractice
{
    private BestPractice() { }

    public Guid Id { get; private init; }
    /// <summary>The member whose focal point submitted it.</summary>
    public Guid MemberId { get; private init; }
    public string Title { get; private init; } = "";
    /// <summary>ISO 3166-1 alpha-3 code of the country where the practice took place.</summary>
    public string CountryIso3 { get; private init; } = "";
    public OrgType OrganisationType { get; private init; }
    /// <summary>The sector or value chain (DOMAIN.md's snake_case code).</summary>
    public ValueChain ValueChain { get; private init; }
    /// <summary>R-strategy codes (DOMAIN.md's snake_case), kept as an array column for the search's filter and facets.</summary>
    public string[] RStrategies { get; private init; } = [];
    /// <summary>ISO 639-1 code of the language the practice is described in.</summary>
    public string Language { get; private init; } = "";
    /// <summary>What the practice achieved.</summary>
    public string Outcomes { get; private init; } = "";
    /// <summary>Where it is documented (an http(s) address).</summary>
    public string Source { get; private init; } = "";
    /// <summary>The GACERE partnership it came out of, if any.</summary>
    public Guid? PartnershipId { get; private init; }
    public BestPracticeStatus Status { get; private set; }
    public string SubmittedBy { get; private init; } = "";
    public DateTimeOffset SubmittedAt { get; private init; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Grows with every change; a concurrent decision fails instead of overwriting.</summary>
    public int Revision { get; private set; }

    public IEnumerable<RStrategy> RStrategyCodes => RStrategies.Select(Vocabulary.Parse<RStrategy>);

    public static (BestPractice Practice, BestPracticeTrailEntry Trail) Submit(BestPracticeDraft draft, Actor actor)
    {
        var practice = new BestPractice
        {
            Id = Guid.CreateVersion7(actor.At),
            MemberId = draft.MemberId,
            Title = draft.Title,
            CountryIso3 = draft.CountryIso3,
            OrganisationType = draft.OrganisationType,
            ValueChain = draft.ValueChain,
            RStrategies = [.. draft.RStrategies.Distinct().Order().Select(Vocabulary.Code)],
            Language = draft.Language,
            Outcomes = draft.Outcomes,
            Source = draft.Source,
            PartnershipId = draft.PartnershipId,
            Status = BestPracticeStatus.Submitted,
            SubmittedBy = actor.Name,
            SubmittedAt = actor.At,
            UpdatedAt = actor.At,
            Revision = 1,
        };
        return (practice, BestPracticeTrailEntry.Record(practice.Id, BestPracticeAction.Submitted, null, BestPracticeStatus.Submitted, actor, null));
    }

    /// <summary>The secretariat publishes a submitted practice: from then on it is public and searchable.</summary>
    public BestPracticeTrailEntry Publish(Actor actor, string? note)
    {
        var entry = Decide(BestPracticeAction.Published, BestPracticeStatus.Published, actor, note);
        PublishedAt = actor.At;
        return entry;
    }

    /// <summary>The secretariat rejects a submitted practice, saying why; it is never public.</summary>
    public BestPracticeTrailEntry Reject(Actor actor, string reason) => Decide(BestPracticeAction.Rejected, BestPracticeStatus.Rejected, actor, reason);

    private BestPracticeTrailEntry Decide(BestPracticeAction action, BestPracticeStatus to, Actor actor, string? note)
    {
        if (Status != BestPracticeStatus.Submitted)
        {
            throw new ChangeRefused("Already decided.",
                $"The best practice is '{Vocabulary.Code(Status)}'; only a submitted one can be {Vocabulary.Code(action)}.");
        }
        var from = Status;
        Status = to;
        UpdatedAt = actor.At;
        Revision++;
        return BestPracticeTrailEntry.Record(Id, action, from, to, actor, note);
    }
}

/// <summary>One step in a best practice's life: who, when, what, why. Written once and never changed (the table refuses UPDATE, DELETE and TRUNCATE).</summary>
public sealed class BestPracticeTrailEntry
{
    private BestPracticeTrailEntry() { }

    public Guid Id { get; private init; }
    public Guid BestPracticeId { get; private init; }
    public BestPracticeAction Action { get; private init; }
    public BestPracticeStatus? From { get; private init; }
    public BestPracticeStatus To { get; private init; }
    /// <summary>Subject of the token that made the change.</summary>
    public string Actor { get; private init; } = "";
    public DateTimeOffset At { get; private init; }
    public string? Note { get; private init; }

    internal static BestPracticeTrailEntry Record(Guid practiceId, BestPracticeAction action, BestPracticeStatus? from, BestPracticeStatus to, Actor actor, string? note) => new()
    {
        Id = Guid.CreateVersion7(actor.At),
        BestPracticeId = practiceId,
        Action = action,
        From = from,
        To = to,
        Actor = actor.Name,
        At = actor.At,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
    };
}
