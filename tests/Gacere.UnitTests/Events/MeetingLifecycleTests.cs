extern alias events;

using events::Gacere.Events.Domain;
using Gacere.ServiceDefaults;

namespace Gacere.UnitTests.Events;

public class MeetingLifecycleTests
{
    // DOMAIN.md: planned → announced → registration_open → held → report_published; postponed and cancelled
    // from any state before held. A postponed meeting is announced again with its new dates.
    private static readonly Dictionary<(MeetingStatus, MeetingAction), MeetingStatus> Legal = new()
    {
        [(MeetingStatus.Planned, MeetingAction.Announce)] = MeetingStatus.Announced,
        [(MeetingStatus.Announced, MeetingAction.OpenRegistration)] = MeetingStatus.RegistrationOpen,
        [(MeetingStatus.Announced, MeetingAction.MarkHeld)] = MeetingStatus.Held,
        [(MeetingStatus.RegistrationOpen, MeetingAction.MarkHeld)] = MeetingStatus.Held,
        [(MeetingStatus.Held, MeetingAction.PublishReport)] = MeetingStatus.ReportPublished,
        [(MeetingStatus.Postponed, MeetingAction.Announce)] = MeetingStatus.Announced,
        [(MeetingStatus.Planned, MeetingAction.Postpone)] = MeetingStatus.Postponed,
        [(MeetingStatus.Announced, MeetingAction.Postpone)] = MeetingStatus.Postponed,
        [(MeetingStatus.RegistrationOpen, MeetingAction.Postpone)] = MeetingStatus.Postponed,
        [(MeetingStatus.Planned, MeetingAction.Cancel)] = MeetingStatus.Cancelled,
        [(MeetingStatus.Announced, MeetingAction.Cancel)] = MeetingStatus.Cancelled,
        [(MeetingStatus.RegistrationOpen, MeetingAction.Cancel)] = MeetingStatus.Cancelled,
        [(MeetingStatus.Postponed, MeetingAction.Cancel)] = MeetingStatus.Cancelled,
    };

    public static TheoryData<MeetingStatus, MeetingAction> EveryStateAndAction()
    {
        var data = new TheoryData<MeetingStatus, MeetingAction>();
        foreach (var status in Enum.GetValues<MeetingStatus>())
        {
            foreach (var action in Enum.GetValues<MeetingAction>())
            {
                data.Add(status, action);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStateAndAction))]
    public void Every_action_from_every_state_is_either_a_lifecycle_move_with_its_trail_or_a_409(MeetingStatus from, MeetingAction action)
    {
        var meeting = Given.MeetingIn(from);
        if (action == MeetingAction.PublishReport && from == MeetingStatus.Held)
        {
            meeting.RecordOutcomeDocuments([new OutcomeDocument { Title = "Declaration", Url = "https://example.org/d.pdf" }], Given.Secretariat);
        }
        var sequence = meeting.Sequence;
        var actor = Given.Secretariat with { Name = "dev-secretariat-2", At = Given.Secretariat.At.AddDays(1) };

        if (Legal.TryGetValue((from, action), out var to))
        {
            var trail = meeting.Move(action, actor, "the chair asked");
            Assert.Equal(to, meeting.Status);
            Assert.Equal((from, to, "dev-secretariat-2", actor.At, "the chair asked"), (trail.From!.Value, trail.To, trail.Actor, trail.At, trail.Reason));
            Assert.Equal(sequence + 1, meeting.Sequence);
        }
        else
        {
            var refusal = Assert.Throws<EventsRefusal>(() => meeting.Move(action, actor, "the chair asked"));
            Assert.Equal(RefusalKind.Conflict, refusal.Kind);
            Assert.Equal(from, meeting.Status);
            Assert.Equal(sequence, meeting.Sequence);
        }
    }

    [Fact]
    public void The_service_table_is_the_table_of_DOMAIN_md()
    {
        Assert.Equal(Legal.OrderBy(p => p.Key), Lifecycles.Meeting.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData(MeetingAction.Postpone)]
    [InlineData(MeetingAction.Cancel)]
    public void Postponing_or_cancelling_needs_a_reason(MeetingAction action)
    {
        var meeting = Given.MeetingIn(MeetingStatus.Announced);

        var refusal = Assert.Throws<EventsRefusal>(() => meeting.Move(action, Given.Secretariat, "  "));

        Assert.Equal((RefusalKind.InvalidInput, "reason"), (refusal.Kind, refusal.Field));
        Assert.Equal(MeetingStatus.Announced, meeting.Status);
    }

    [Fact]
    public void Publishing_a_report_needs_an_outcome_document_and_documents_need_a_held_meeting()
    {
        var held = Given.MeetingIn(MeetingStatus.Held);
        var open = Given.MeetingIn(MeetingStatus.RegistrationOpen);
        OutcomeDocument[] documents = [new() { Title = "Summary", Url = "https://example.org/s.pdf" }];

        Assert.Equal(RefusalKind.Conflict, Assert.Throws<EventsRefusal>(() => held.Move(MeetingAction.PublishReport, Given.Secretariat, null)).Kind);
        Assert.Equal(RefusalKind.Conflict, Assert.Throws<EventsRefusal>(() => open.RecordOutcomeDocuments(documents, Given.Secretariat)).Kind);
    }

    [Fact]
    public void A_meeting_becomes_public_when_first_announced_and_stays_public_when_postponed_or_cancelled()
    {
        var meeting = Given.Meeting();
        Assert.False(meeting.IsPublic);

        meeting.Move(MeetingAction.Announce, Given.Secretariat, null);
        meeting.Move(MeetingAction.Postpone, Given.Secretariat, "venue");
        meeting.Move(MeetingAction.Cancel, Given.Secretariat, "no venue");

        Assert.True(meeting.IsPublic);
        Assert.Equal(Given.Secretariat.At, meeting.AnnouncedAt);
    }

    [Fact]
    public void A_held_or_cancelled_meeting_cannot_be_rescheduled()
    {
        var held = Given.MeetingIn(MeetingStatus.Held);
        var cancelled = Given.MeetingIn(MeetingStatus.Cancelled);
        var postponed = Given.MeetingIn(MeetingStatus.Postponed);

        Assert.Throws<EventsRefusal>(() => held.Reschedule(Given.Details(), Given.Secretariat));
        Assert.Throws<EventsRefusal>(() => cancelled.Reschedule(Given.Details(), Given.Secretariat));
        var sequence = postponed.Sequence;
        postponed.Reschedule(Given.Details(startsAt: new DateTime(2027, 4, 1, 9, 0, 0)), Given.Secretariat);
        Assert.Equal(sequence + 1, postponed.Sequence);
    }
}

public class RegistrationLifecycleTests
{
    // DOMAIN.md: registered → confirmed → attended | no_show, or cancelled.
    private static readonly HashSet<(RegistrationStatus, RegistrationStatus)> Legal =
    [
        (RegistrationStatus.Registered, RegistrationStatus.Confirmed),
        (RegistrationStatus.Registered, RegistrationStatus.Cancelled),
        (RegistrationStatus.Confirmed, RegistrationStatus.Attended),
        (RegistrationStatus.Confirmed, RegistrationStatus.NoShow),
        (RegistrationStatus.Confirmed, RegistrationStatus.Cancelled),
    ];

    public static TheoryData<RegistrationStatus, RegistrationStatus> EveryPair()
    {
        var data = new TheoryData<RegistrationStatus, RegistrationStatus>();
        foreach (var from in Enum.GetValues<RegistrationStatus>())
        {
            foreach (var to in Enum.GetValues<RegistrationStatus>())
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_pair_of_states_is_either_a_move_or_refused(RegistrationStatus from, RegistrationStatus to) =>
        Assert.Equal(Legal.Contains((from, to)), Lifecycles.CanMove(from, to));

    [Fact]
    public void A_registration_is_confirmed_at_once_while_a_seat_is_free_and_waits_otherwise()
    {
        var meeting = Given.MeetingIn(MeetingStatus.RegistrationOpen);

        var (seated, seatedTrail) = Registration.Take(meeting, Guid.NewGuid(), "Ada", "Adviser", "ada@example.org", seatFree: true, Given.Secretariat);
        var (waiting, waitingTrail) = Registration.Take(meeting, Guid.NewGuid(), "Bo", "Adviser", "bo@example.org", seatFree: false, Given.Secretariat);

        Assert.Equal(RegistrationStatus.Confirmed, seated.Status);
        Assert.Equal([RegistrationStatus.Registered, RegistrationStatus.Confirmed], seatedTrail.Select(t => t.To));
        Assert.Equal(RegistrationStatus.Registered, waiting.Status);
        Assert.Single(waitingTrail);
        Assert.Equal((1L, 2L), (seated.Number, waiting.Number));
    }
}
