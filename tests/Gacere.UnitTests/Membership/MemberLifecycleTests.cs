using Gacere.Membership.Domain;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.UnitTests.Membership;

public class MemberLifecycleTests
{
    public enum Action
    {
        Suspend,
        Reinstate,
        Withdraw,
    }

    // DOMAIN.md: active ⇄ suspended, active | suspended → withdrawn.
    private static readonly Dictionary<(MemberStatus, Action), (MemberStatus To, MemberChangeKind Kind)> Legal = new()
    {
        [(MemberStatus.Active, Action.Suspend)] = (MemberStatus.Suspended, MemberChangeKind.Suspended),
        [(MemberStatus.Active, Action.Withdraw)] = (MemberStatus.Withdrawn, MemberChangeKind.Withdrawn),
        [(MemberStatus.Suspended, Action.Reinstate)] = (MemberStatus.Active, MemberChangeKind.Reinstated),
        [(MemberStatus.Suspended, Action.Withdraw)] = (MemberStatus.Withdrawn, MemberChangeKind.Withdrawn),
    };

    public static TheoryData<MemberStatus, Action> EveryStateAndAction()
    {
        var data = new TheoryData<MemberStatus, Action>();
        foreach (var status in Enum.GetValues<MemberStatus>())
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
    public void Every_action_from_every_state_is_either_a_published_transition_or_refused(MemberStatus from, Action action)
    {
        var member = Given.MemberIn(from);
        var version = member.Version;

        if (Legal.TryGetValue((from, action), out var expected))
        {
            Apply(member, action);

            Assert.Equal(expected.To, member.Status);
            Assert.Equal(version + 1, member.Version);
            Assert.Equal("Because.", member.StatusReason);
            var change = Assert.Single(member.NewChanges);
            Assert.Equal(expected.Kind, change.Kind);
            Assert.Equal(member.Version, change.Version);
            Assert.Equal(expected.To, change.Status);
            Assert.Equal("Because.", change.Reason);
            var entry = Assert.Single(member.NewAuditEntries);
            Assert.Equal(AuditSubject.Member, entry.Subject);
            Assert.Equal(member.Id, entry.SubjectId);
            Assert.Equal((Vocabulary.Code(from), Vocabulary.Code(expected.To)), (entry.From, entry.To));
            Assert.Equal(("officer-1", "Because."), (entry.Actor, entry.Reason));
        }
        else
        {
            Assert.Throws<IllegalTransitionException>(() => Apply(member, action));

            Assert.Equal(from, member.Status);
            Assert.Equal(version, member.Version);
            Assert.Empty(member.NewChanges);
            Assert.Empty(member.NewAuditEntries);
        }
    }

    [Fact]
    public void Versions_increase_by_one_per_published_change()
    {
        var member = Given.ActiveMember();
        member.Suspend("a", Given.Officer);
        member.Reinstate("b", Given.Officer);
        member.ChangeCategory(MembershipCategory.Observer, "c", Given.Officer);
        member.Withdraw("d", new DateOnly(2025, 6, 1), Given.Officer);

        Assert.Equal([1L, 2, 3, 4, 5], member.TakeNewChanges().Select(c => c.Version));
        Assert.Equal(5, member.Version);
    }

    [Fact]
    public void Seeding_records_the_admission_as_the_system_with_its_source()
    {
        var member = Given.ActiveMember();

        var admitted = Assert.Single(member.NewChanges);
        Assert.Equal(MemberChangeKind.Admitted, admitted.Kind);
        Assert.Equal(new DateOnly(2021, 2, 14), admitted.EffectiveDate);
        var entry = Assert.Single(member.NewAuditEntries);
        Assert.Equal("system:seed", entry.Actor);
        Assert.Contains("test source", entry.Reason);
    }

    [Fact]
    public void Withdrawal_takes_effect_on_the_date_given()
    {
        var member = Given.MemberIn(MemberStatus.Active);
        member.Withdraw("Letter.", new DateOnly(2025, 5, 31), Given.Officer);

        Assert.Equal(new DateOnly(2025, 5, 31), member.StatusEffectiveOn);
        Assert.Equal(new DateOnly(2025, 5, 31), Assert.Single(member.NewChanges).EffectiveDate);
    }

    [Fact]
    public void Withdrawal_in_the_future_is_refused()
    {
        var member = Given.MemberIn(MemberStatus.Active);
        Assert.Throws<InvalidEffectiveDateException>(() => member.Withdraw("Letter.", new DateOnly(2025, 6, 11), Given.Officer));
        Assert.Equal(MemberStatus.Active, member.Status);
    }

    [Fact]
    public void Withdrawal_before_a_day_precise_join_is_refused_but_a_bounded_join_date_allows_it()
    {
        var exact = Given.ActiveMember(precision: DatePrecision.Day);
        Assert.Throws<InvalidEffectiveDateException>(() => exact.Withdraw("x", new DateOnly(2021, 2, 1), Given.Officer));

        // "not later than 14 Feb 2021": the member may well have joined, and left, before that date.
        var bounded = Given.ActiveMember(precision: DatePrecision.NotLaterThan);
        bounded.Withdraw("x", new DateOnly(2021, 2, 1), Given.Officer);
        Assert.Equal(MemberStatus.Withdrawn, bounded.Status);
    }

    [Fact]
    public void Category_change_is_published_with_the_previous_category_and_audited()
    {
        var member = Given.MemberIn(MemberStatus.Suspended);

        member.ChangeCategory(MembershipCategory.StrategicPartner, "Asked to.", Given.Officer);

        Assert.Equal(MembershipCategory.StrategicPartner, member.Category);
        Assert.Equal(MemberStatus.Suspended, member.Status);
        var change = Assert.Single(member.NewChanges);
        Assert.Equal(MemberChangeKind.CategoryChanged, change.Kind);
        Assert.Equal(MembershipCategory.Member, change.PreviousCategory);
        var entry = Assert.Single(member.NewAuditEntries);
        Assert.Equal((AuditedChange.Category, "member", "strategic_partner"), (entry.Change, entry.From, entry.To));
    }

    [Fact]
    public void Category_change_follows_the_category_rule()
    {
        var government = Given.ActiveMember();
        Assert.Throws<CategoryNotAllowedException>(() => government.ChangeCategory(MembershipCategory.SupportingStakeholder, "x", Given.Officer));
        Assert.Throws<CategoryNotAllowedException>(() => government.ChangeCategory(MembershipCategory.Convener, "x", Given.Officer));

        var unEntity = Given.ActiveMember(OrgType.UnEntity, MembershipCategory.Observer);
        unEntity.ChangeCategory(MembershipCategory.Convener, "Co-convenes.", Given.Officer);
        Assert.Equal(MembershipCategory.Convener, unEntity.Category);
    }

    [Fact]
    public void Naming_the_held_category_confirms_an_unverified_one_and_is_refused_otherwise()
    {
        var verified = Given.MemberIn(MemberStatus.Active);
        Assert.Throws<ChangeRefusedException>(() => verified.ChangeCategory(MembershipCategory.Member, "x", Given.Officer));
        Assert.Empty(verified.NewChanges);

        var unverified = Given.ActiveMember(categoryVerified: false);
        unverified.TakeNewChanges();
        unverified.ChangeCategory(MembershipCategory.Member, "Confirmed.", Given.Officer);
        Assert.True(unverified.CategoryVerified);
        Assert.Equal(2, unverified.Version);
    }

    [Fact]
    public void A_withdrawn_member_keeps_its_category_and_contacts()
    {
        var member = Given.MemberIn(MemberStatus.Withdrawn);
        Assert.Throws<ChangeRefusedException>(() => member.ChangeCategory(MembershipCategory.Observer, "x", Given.Officer));
        Assert.Throws<ChangeRefusedException>(() => member.ReplaceContacts(Given.FocalPoint, Given.Alternate, Given.Officer));
        Assert.Equal(MembershipCategory.Member, member.Category);
        Assert.Null(member.FocalPoint);
    }

    [Fact]
    public void Contact_changes_are_audited_without_personal_data_and_not_published()
    {
        var member = Given.MemberIn(MemberStatus.Active);

        member.ReplaceContacts(Given.FocalPoint, Given.Alternate, new Actor("fp-kenya", Given.Now));

        Assert.Equal(Given.FocalPoint, member.FocalPoint);
        Assert.Equal(Given.Alternate, member.Alternate);
        Assert.Empty(member.NewChanges);
        Assert.Equal(1, member.Version);
        var entry = Assert.Single(member.NewAuditEntries);
        Assert.Equal(AuditedChange.Contacts, entry.Change);
        Assert.Equal("fp-kenya", entry.Actor);
        Assert.Null(entry.From);
        Assert.Null(entry.To);
        Assert.DoesNotContain("@", entry.Reason);
        Assert.DoesNotContain("Mensah", entry.Reason);
    }

    private static void Apply(Member member, Action action)
    {
        switch (action)
        {
            case Action.Suspend:
                member.Suspend("Because.", Given.Officer);
                break;
            case Action.Reinstate:
                member.Reinstate("Because.", Given.Officer);
                break;
            case Action.Withdraw:
                member.Withdraw("Because.", DateOnly.FromDateTime(Given.Now.UtcDateTime), Given.Officer);
                break;
        }
    }
}
