using Gacere.Membership.Domain;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.UnitTests.Membership;

public class ApplicationLifecycleTests
{
    public enum Action
    {
        StartReview,
        RequestInformation,
        ProvideInformation,
        Approve,
        Reject,
        Withdraw,
    }

    // DOMAIN.md: submitted → under_review ⇄ info_requested → approved | rejected; withdrawn from the three open states.
    private static readonly Dictionary<(ApplicationStatus, Action), ApplicationStatus> Legal = new()
    {
        [(ApplicationStatus.Submitted, Action.StartReview)] = ApplicationStatus.UnderReview,
        [(ApplicationStatus.Submitted, Action.Withdraw)] = ApplicationStatus.Withdrawn,
        [(ApplicationStatus.UnderReview, Action.RequestInformation)] = ApplicationStatus.InfoRequested,
        [(ApplicationStatus.UnderReview, Action.Approve)] = ApplicationStatus.Approved,
        [(ApplicationStatus.UnderReview, Action.Reject)] = ApplicationStatus.Rejected,
        [(ApplicationStatus.UnderReview, Action.Withdraw)] = ApplicationStatus.Withdrawn,
        [(ApplicationStatus.InfoRequested, Action.StartReview)] = ApplicationStatus.UnderReview,
        [(ApplicationStatus.InfoRequested, Action.ProvideInformation)] = ApplicationStatus.UnderReview,
        [(ApplicationStatus.InfoRequested, Action.Approve)] = ApplicationStatus.Approved,
        [(ApplicationStatus.InfoRequested, Action.Reject)] = ApplicationStatus.Rejected,
        [(ApplicationStatus.InfoRequested, Action.Withdraw)] = ApplicationStatus.Withdrawn,
    };

    public static TheoryData<ApplicationStatus, Action> EveryStateAndAction()
    {
        var data = new TheoryData<ApplicationStatus, Action>();
        foreach (var status in Enum.GetValues<ApplicationStatus>())
        {
            foreach (var action in Enum.GetValues<Action>())
            {
                data.Add(status, action);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStateAndAction))]
    public void Every_action_from_every_state_is_either_a_recorded_transition_or_refused(ApplicationStatus from, Action action)
    {
        var application = Given.ApplicationIn(from);
        var revision = application.Revision;

        if (Legal.TryGetValue((from, action), out var to))
        {
            Apply(application, action);

            Assert.Equal(to, application.Status);
            Assert.Equal(revision + 1, application.Revision);
            var entry = Assert.Single(application.NewAuditEntries);
            Assert.Equal(AuditSubject.Application, entry.Subject);
            Assert.Equal(application.Id, entry.SubjectId);
            Assert.Equal(AuditedChange.Status, entry.Change);
            Assert.Equal(Vocabulary.Code(from), entry.From);
            Assert.Equal(Vocabulary.Code(to), entry.To);
            Assert.Equal(Given.Now, entry.At);
        }
        else
        {
            var refusal = Assert.Throws<IllegalTransitionException>(() => Apply(application, action));

            Assert.Equal(Vocabulary.Code(from), refusal.From);
            Assert.Equal(from, application.Status);
            Assert.Equal(revision, application.Revision);
            Assert.Empty(application.NewAuditEntries);
        }
    }

    [Fact]
    public void Submission_is_audited_as_the_applicant_with_no_previous_status()
    {
        var application = Given.Submitted(country: "gha");

        Assert.Equal(ApplicationStatus.Submitted, application.Status);
        Assert.Equal("GHA", application.CountryIso3);
        var entry = Assert.Single(application.NewAuditEntries);
        Assert.Null(entry.From);
        Assert.Equal("submitted", entry.To);
        Assert.Equal("applicant", entry.Actor);
    }

    [Fact]
    public void Submission_refuses_a_requested_category_the_type_cannot_hold()
    {
        var refusal = Assert.Throws<CategoryNotAllowedException>(() =>
            Given.Submitted(OrgType.Business, "RWA", MembershipCategory.Member));
        Assert.Equal(OrgType.Business, refusal.OrgType);
    }

    [Fact]
    public void Audit_entries_are_handed_over_once()
    {
        var application = Given.Submitted();
        application.StartReview(Given.Officer, "first look");

        var taken = application.TakeNewAuditEntries();

        Assert.Equal(["submitted", "under_review"], taken.Select(e => e.To));
        Assert.Equal("first look", taken[1].Reason);
        Assert.Equal("officer-1", taken[1].Actor);
        Assert.Empty(application.TakeNewAuditEntries());
    }

    [Fact]
    public void Approval_admits_an_active_member_in_the_chosen_category()
    {
        var application = Given.ApplicationIn(ApplicationStatus.UnderReview);

        var member = application.Approve(MembershipCategory.Observer, Given.Officer, "Letter received.");

        Assert.Equal(member.Id, application.MemberId);
        Assert.Equal(MembershipCategory.Observer, application.ApprovedCategory);
        Assert.Equal(MemberStatus.Active, member.Status);
        Assert.Equal(MembershipCategory.Observer, member.Category);
        Assert.True(member.CategoryVerified);
        Assert.Equal(application.Id, member.ApplicationId);
        Assert.Equal(new DateOnly(2025, 6, 10), member.MemberSince);
        Assert.Equal(DatePrecision.Day, member.MemberSincePrecision);
        Assert.Equal(Given.FocalPoint, member.FocalPoint);
        Assert.Equal(Given.Alternate, member.Alternate);
        Assert.Equal(1, member.Version);

        var admitted = Assert.Single(member.NewChanges);
        Assert.Equal(MemberChangeKind.Admitted, admitted.Kind);
        Assert.Equal(1, admitted.Version);
        Assert.Equal(new DateOnly(2025, 6, 10), admitted.EffectiveDate);
        var entry = Assert.Single(member.NewAuditEntries);
        Assert.Equal((null, "active"), (entry.From, entry.To));
    }

    [Theory]
    [InlineData(MembershipCategory.Convener)]
    [InlineData(MembershipCategory.SupportingStakeholder)]
    public void Approval_in_a_category_the_type_cannot_hold_changes_nothing(MembershipCategory category)
    {
        var application = Given.ApplicationIn(ApplicationStatus.UnderReview);

        Assert.Throws<CategoryNotAllowedException>(() => application.Approve(category, Given.Officer));

        Assert.Equal(ApplicationStatus.UnderReview, application.Status);
        Assert.Null(application.MemberId);
        Assert.Empty(application.NewAuditEntries);
    }

    [Fact]
    public void Information_request_and_answer_are_kept_but_the_answer_stays_out_of_the_audit_trail()
    {
        var application = Given.ApplicationIn(ApplicationStatus.UnderReview);
        application.RequestInformation("Who signs?", Given.Officer);
        application.ProvideInformation("Minister Ama Mensah, ama@example.gov.gh", Given.Applicant);

        Assert.Equal("Who signs?", application.InformationRequest);
        Assert.Equal("Minister Ama Mensah, ama@example.gov.gh", application.InformationResponse);
        var answer = application.NewAuditEntries[^1];
        Assert.Equal("applicant", answer.Actor);
        Assert.DoesNotContain("ama@", answer.Reason);
    }

    private static void Apply(Application application, Action action)
    {
        switch (action)
        {
            case Action.StartReview:
                application.StartReview(Given.Officer);
                break;
            case Action.RequestInformation:
                application.RequestInformation("Please send the letter.", Given.Officer);
                break;
            case Action.ProvideInformation:
                application.ProvideInformation("Here it is.", Given.Applicant);
                break;
            case Action.Approve:
                application.Approve(MembershipCategory.Member, Given.Officer);
                break;
            case Action.Reject:
                application.Reject("Out of scope.", Given.Officer);
                break;
            case Action.Withdraw:
                application.Withdraw("No longer interested.", Given.Applicant);
                break;
        }
    }
}
