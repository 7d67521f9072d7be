using System.ComponentModel.DataAnnotations;
using Gacere.Events.Domain;

namespace Gacere.Events.Apis;

/// <summary>A meeting as the secretariat plans or reschedules it.</summary>
public sealed class MeetingRequest
{
    /// <summary>What kind of meeting it is.</summary>
    [Required]
    public MeetingType? Type { get; init; }

    /// <summary>The meeting's title.</summary>
    [Required, StringLength(200, MinimumLength = 3)]
    public string? Title { get; init; }

    /// <summary>Online, in person or hybrid; an expert meeting is online when omitted.</summary>
    public MeetingFormat? Format { get; init; }

    /// <summary>When it starts, as the clock in <c>timeZone</c> shows it, without offset: "2026-09-14T11:00:00".</summary>
    [Required]
    public DateTime? StartsAt { get; init; }

    /// <summary>When it ends, as the clock in <c>timeZone</c> shows it, without offset.</summary>
    [Required]
    public DateTime? EndsAt { get; init; }

    /// <summary>The IANA time zone the times are given in, e.g. "Europe/Brussels", "Africa/Nairobi".</summary>
    [Required, StringLength(64)]
    public string? TimeZone { get; init; }

    /// <summary>Where it takes place (city and building); required unless the meeting is online.</summary>
    [StringLength(200)]
    public string? Venue { get; init; }

    /// <summary>The https link to join an online or hybrid meeting.</summary>
    [StringLength(500)]
    public string? OnlineLink { get; init; }

    /// <summary>Seats for delegates; no limit when omitted.</summary>
    [Range(1, 10_000)]
    public int? Capacity { get; init; }

    /// <summary>The edition of the anchor event it is co-located with, e.g. "WCEF2025".</summary>
    [StringLength(32)]
    public string? AnchorEvent { get; init; }

    /// <summary>The agenda, one item per entry.</summary>
    [MaxLength(50)]
    public IReadOnlyList<string>? AgendaItems { get; init; }

    /// <summary>Whether observers may register delegates (members always may).</summary>
    public bool OpenToObservers { get; init; }

    /// <summary>Whether strategic partners may register delegates (members always may).</summary>
    public bool OpenToStrategicPartners { get; init; }
}

/// <summary>A move in a meeting's lifecycle.</summary>
public sealed class MeetingTransitionRequest
{
    /// <summary>announce, open_registration, mark_held, publish_report, postpone or cancel.</summary>
    [Required]
    public MeetingAction? Action { get; init; }

    /// <summary>Why; required to postpone or cancel.</summary>
    [StringLength(1000)]
    public string? Reason { get; init; }
}

/// <summary>The documents a held meeting produced.</summary>
public sealed class OutcomeDocumentsRequest
{
    /// <summary>Every outcome document; replaces the list held.</summary>
    [Required, MaxLength(50)]
    public IReadOnlyList<OutcomeDocumentInput>? Documents { get; init; }
}

/// <summary>One outcome document.</summary>
public sealed class OutcomeDocumentInput
{
    /// <summary>The document's title.</summary>
    [Required, StringLength(300, MinimumLength = 1)]
    public string? Title { get; init; }

    /// <summary>Where it is published (http or https).</summary>
    [Required, StringLength(500), Url]
    public string? Url { get; init; }
}

/// <summary>A meeting of the Alliance.</summary>
/// <param name="Id">The meeting's id (also its calendar UID).</param>
/// <param name="Type">What kind of meeting it is.</param>
/// <param name="Title">The title.</param>
/// <param name="Format">Online, in person or hybrid.</param>
/// <param name="StartsAt">When it starts, shown in the meeting's zone (with that moment's UTC offset).</param>
/// <param name="EndsAt">When it ends, shown in the meeting's zone.</param>
/// <param name="TimeZone">The IANA zone the meeting is planned in.</param>
/// <param name="TimesKnown">False for a meeting on record whose day is known but not its hours.</param>
/// <param name="Venue">Where it takes place; null for an online meeting.</param>
/// <param name="OnlineLink">How to join online.</param>
/// <param name="Capacity">Seats for delegates; null when unlimited.</param>
/// <param name="AnchorEvent">The edition of the anchor event it sits beside.</param>
/// <param name="AgendaItems">The agenda.</param>
/// <param name="OutcomeDocuments">What the meeting produced, once held.</param>
/// <param name="OpenToObservers">Whether observers may register.</param>
/// <param name="OpenToStrategicPartners">Whether strategic partners may register.</param>
/// <param name="Status">Where the meeting is in its lifecycle.</param>
/// <param name="Source">Where a meeting on record is documented.</param>
/// <param name="Sequence">Grows with every change (the calendar SEQUENCE).</param>
/// <param name="UpdatedAt">The last change.</param>
public sealed record MeetingView(
    Guid Id,
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
    string? AnchorEvent,
    IReadOnlyList<string> AgendaItems,
    IReadOnlyList<OutcomeDocumentView> OutcomeDocuments,
    bool OpenToObservers,
    bool OpenToStrategicPartners,
    MeetingStatus Status,
    string? Source,
    int Sequence,
    DateTimeOffset UpdatedAt)
{
    internal static MeetingView Of(Meeting m)
    {
        var zone = MeetingTime.Zone(m.TimeZone);
        return new(m.Id, m.Type, m.Title, m.Format, MeetingTime.InZone(m.StartsAt, zone), MeetingTime.InZone(m.EndsAt, zone), m.TimeZone,
            m.TimesKnown, m.Venue, m.OnlineLink, m.Capacity, m.AnchorEdition, m.AgendaItems,
            [.. m.OutcomeDocuments.Select(d => new OutcomeDocumentView(d.Title, d.Url))],
            m.OpenToObservers, m.OpenToStrategicPartners, m.Status, m.Source, m.Sequence, m.UpdatedAt);
    }
}

/// <summary>An outcome document of a held meeting.</summary>
public sealed record OutcomeDocumentView(string Title, string Url);

/// <summary>One move of a meeting's lifecycle.</summary>
/// <param name="From">The state before; null when the meeting was planned.</param>
/// <param name="To">The state after.</param>
/// <param name="Actor">Who made the move (token subject, or system:seed).</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why.</param>
public sealed record MeetingTransitionView(MeetingStatus? From, MeetingStatus To, string Actor, DateTimeOffset At, string? Reason);
