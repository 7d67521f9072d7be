using Gacere.ServiceDefaults;

namespace Gacere.Events.Domain;

/// <summary>A report, declaration or summary a held meeting produced.</summary>
public sealed class OutcomeDocument
{
    public required string Title { get; init; }
    public required string Url { get; init; }
}

/// <summary>What a meeting is, where and when: everything the secretariat sets when it plans or reschedules one.</summary>
public sealed record MeetingDetails(
    MeetingType Type,
    string Title,
    MeetingFormat Format,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    bool TimesKnown,
    string? Venue,
    string? OnlineLink,
    int? Capacity,
    string? AnchorEdition,
    IReadOnlyList<string> AgendaItems,
    bool OpenToObservers,
    bool OpenToStrategicPartners);

/// <summary>
/// One of the Alliance's meetings. Times are instants (UTC) with the IANA zone they were planned in;
/// <see cref="Sequence"/> grows with every change, so calendar clients replace their copy (RFC 5545 SEQUENCE),
/// and it guards against two concurrent changes.
/// </summary>
public sealed class Meeting
{
    private Meeting() { }

    public Guid Id { get; private init; }
    public MeetingType Type { get; private set; }
    public string Title { get; private set; } = "";
    public MeetingFormat Format { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public string TimeZone { get; private set; } = "";
    /// <summary>False for a meeting on record whose day is known but not its hours (shown as an all-day event).</summary>
    public bool TimesKnown { get; private set; }
    public string? Venue { get; private set; }
    public string? OnlineLink { get; private set; }
    /// <summary>Seats for delegates; null when there is no limit.</summary>
    public int? Capacity { get; private set; }
    public string? AnchorEdition { get; private set; }
    public List<string> AgendaItems { get; private set; } = [];
    public List<OutcomeDocument> OutcomeDocuments { get; private set; } = [];
    public bool OpenToObservers { get; private set; }
    public bool OpenToStrategicPartners { get; private set; }
    /// <summary>The calendar year (in the meeting's zone) a high-level meeting claims; null for other meetings and once cancelled.</summary>
    public int? HighLevelYear { get; private set; }
    public MeetingStatus Status { get; private set; }
    /// <summary>When the meeting was first made public; null while only the secretariat sees it.</summary>
    public DateTimeOffset? AnnouncedAt { get; private set; }
    /// <summary>Where a meeting on record is documented.</summary>
    public string? Source { get; private set; }
    public int Sequence { get; private set; }
    /// <summary>How many registrations this meeting has taken; the next one's place in the queue.</summary>
    public long RegistrationsTaken { get; private set; }
    public DateTimeOffset CreatedAt { get; private init; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsPublic => AnnouncedAt is not null;

    public static (Meeting Meeting, MeetingTransition Trail) Plan(MeetingDetails details, Actor actor, Guid? id = null, string? source = null)
    {
        var meeting = new Meeting
        {
            Id = id ?? Guid.CreateVersion7(actor.At),
            Status = MeetingStatus.Planned,
            CreatedAt = actor.At,
            Source = source,
        };
        meeting.Apply(details, actor);
        meeting.Sequence = 0;
        return (meeting, MeetingTransition.Record(meeting.Id, null, MeetingStatus.Planned, actor, "planned"));
    }

    /// <summary>Replaces what the meeting is, where and when; only before it is held and unless it is cancelled.</summary>
    public void Reschedule(MeetingDetails details, Actor actor)
    {
        if (!Lifecycles.NotYetHeld(Status))
        {
            throw EventsRefusal.Conflict("The meeting can no longer change.",
                $"The meeting is {Vocabulary.Code(Status)}; its details change only before it is held and unless it is cancelled.");
        }
        Apply(details, actor);
    }

    public MeetingTransition Move(MeetingAction action, Actor actor, string? reason)
    {
        var to = Lifecycles.Next(Status, action) ?? throw EventsRefusal.Conflict("The meeting cannot make that move.",
            $"A meeting that is {Vocabulary.Code(Status)} cannot be {Vocabulary.Code(action)}; see the lifecycle in DOMAIN.md.");
        if (action is MeetingAction.Postpone or MeetingAction.Cancel && string.IsNullOrWhiteSpace(reason))
        {
            throw EventsRefusal.Invalid("reason", "Say why the meeting is postponed or cancelled; members read it.");
        }
        if (action == MeetingAction.PublishReport && OutcomeDocuments.Count == 0)
        {
            throw EventsRefusal.Conflict("No outcome document yet.", "Record the meeting's outcome documents before publishing its report.");
        }
        var trail = MeetingTransition.Record(Id, Status, to, actor, reason);
        Status = to;
        if (to == MeetingStatus.Announced)
        {
            AnnouncedAt ??= actor.At;
        }
        if (to == MeetingStatus.Cancelled)
        {
            HighLevelYear = null; // a cancelled high-level meeting frees its year
        }
        Touch(actor);
        return trail;
    }

    public void RecordOutcomeDocuments(IReadOnlyList<OutcomeDocument> documents, Actor actor)
    {
        if (Status is not (MeetingStatus.Held or MeetingStatus.ReportPublished))
        {
            throw EventsRefusal.Conflict("The meeting has not been held.", "Outcome documents are recorded once the meeting is held.");
        }
        OutcomeDocuments = [.. documents];
        Touch(actor);
    }

    /// <summary>The next registration's place in the meeting's queue; called with the meeting row locked.</summary>
    public long TakeRegistrationNumber() => ++RegistrationsTaken;

    private void Apply(MeetingDetails details, Actor actor)
    {
        Type = details.Type;
        Title = details.Title;
        Format = details.Format;
        StartsAt = details.StartsAt;
        EndsAt = details.EndsAt;
        TimeZone = details.TimeZone;
        TimesKnown = details.TimesKnown;
        Venue = details.Venue;
        OnlineLink = details.OnlineLink;
        Capacity = details.Capacity;
        AnchorEdition = details.AnchorEdition;
        AgendaItems = [.. details.AgendaItems];
        OpenToObservers = details.OpenToObservers;
        OpenToStrategicPartners = details.OpenToStrategicPartners;
        HighLevelYear = details.Type == MeetingType.HighLevelMeeting
            ? MeetingTime.LocalDate(details.StartsAt, MeetingTime.Zone(details.TimeZone)).Year
            : null;
        Touch(actor);
    }

    private void Touch(Actor actor)
    {
        Sequence++;
        UpdatedAt = actor.At;
    }

    /// <summary>Marks a meeting on record as held (seed data): announced, then held, on the record's day.</summary>
    internal MeetingTransition MarkOnRecord(Actor actor, string reason)
    {
        var trail = MeetingTransition.Record(Id, Status, MeetingStatus.Held, actor, reason);
        Status = MeetingStatus.Held;
        AnnouncedAt = actor.At;
        return trail;
    }
}

/// <summary>One move of a meeting's lifecycle: who, when, from, to, why. Written once, never changed.</summary>
public sealed class MeetingTransition
{
    private MeetingTransition() { }

    public Guid Id { get; private init; }
    public Guid MeetingId { get; private init; }
    public MeetingStatus? From { get; private init; }
    public MeetingStatus To { get; private init; }
    public string Actor { get; private init; } = "";
    public DateTimeOffset At { get; private init; }
    public string? Reason { get; private init; }

    internal static MeetingTransition Record(Guid meetingId, MeetingStatus? from, MeetingStatus to, Actor actor, string? reason) => new()
    {
        Id = Guid.CreateVersion7(actor.At),
        MeetingId = meetingId,
        From = from,
        To = to,
        Actor = actor.Name,
        At = actor.At,
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
    };
}
