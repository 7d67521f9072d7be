using Gacere.Partnerships.Domain;

namespace Gacere.UnitTests.Partnerships;

public class PartnershipLifecycleTests
{
    // DOMAIN.md: proposed → under_review → active → completed | discontinued; a proposal changes until it is active.
    private static readonly Dictionary<(PartnershipStatus, PartnershipAction), PartnershipStatus> Legal = new()
    {
        [(PartnershipStatus.Proposed, PartnershipAction.Change)] = PartnershipStatus.Proposed,
        [(PartnershipStatus.Proposed, PartnershipAction.StartReview)] = PartnershipStatus.UnderReview,
        [(PartnershipStatus.Proposed, PartnershipAction.Discontinue)] = PartnershipStatus.Discontinued,
        [(PartnershipStatus.UnderReview, PartnershipAction.Change)] = PartnershipStatus.UnderReview,
        [(PartnershipStatus.UnderReview, PartnershipAction.Activate)] = PartnershipStatus.Active,
        [(PartnershipStatus.UnderReview, PartnershipAction.Discontinue)] = PartnershipStatus.Discontinued,
        [(PartnershipStatus.Active, PartnershipAction.Complete)] = PartnershipStatus.Completed,
        [(PartnershipStatus.Active, PartnershipAction.Discontinue)] = PartnershipStatus.Discontinued,
    };

    public static TheoryData<PartnershipStatus, PartnershipAction> EveryStateAndAction()
    {
        var data = new TheoryData<PartnershipStatus, PartnershipAction>();
        foreach (var status in Enum.GetValues<PartnershipStatus>())
        {
            foreach (var action in Enum.GetValues<PartnershipAction>())
            {
                data.Add(status, action);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStateAndAction))]
    public void Every_action_from_every_state_is_either_the_published_move_with_a_trail_entry_or_a_409(PartnershipStatus from, PartnershipAction action)
    {
        var partnership = Proposals.In(from);
        if (action == PartnershipAction.Activate && from == PartnershipStatus.UnderReview)
        {
            Proposals.AcceptAll(partnership);
        }
        TrailEntry Act() => action switch
        {
            PartnershipAction.Change => partnership.Change(Proposals.Complete(), Proposals.Secretariat, "tightened"),
            PartnershipAction.StartReview => partnership.StartReview(Proposals.Secretariat, null),
            PartnershipAction.Activate => partnership.Activate(Proposals.Secretariat, null),
            PartnershipAction.Complete => partnership.Complete(Proposals.Secretariat, null),
            _ => partnership.Discontinue(Proposals.Secretariat, "stopped"),
        };

        if (Legal.TryGetValue((from, action), out var to))
        {
            var entry = Act();
            Assert.Equal(to, partnership.Status);
            Assert.Equal(partnership.Id, entry.PartnershipId);
            Assert.Equal(to, entry.To);
            Assert.Equal(Proposals.Secretariat.Name, entry.Actor);
        }
        else
        {
            var refused = Assert.Throws<IllegalTransition>(Act);
            Assert.Equal(Gacere.ServiceDefaults.RefusalKind.Conflict, refused.Kind);
            Assert.Equal(from, partnership.Status);
        }
    }

    [Fact]
    public void The_table_has_exactly_the_published_moves() =>
        Assert.Equal(Legal.OrderBy(p => p.Key).ToList(), Lifecycle.Table.OrderBy(p => p.Key).ToList());

    [Fact]
    public void Activation_waits_for_all_five_criteria_accepted_and_every_listed_duplicate_decided()
    {
        var partnership = Proposals.In(PartnershipStatus.UnderReview);
        partnership.ListDuplicateCandidates([new DuplicateCandidate { Id = Guid.NewGuid(), Source = CandidateSource.ExternalInitiative, ExternalInitiativeKey = "acea", Title = "ACEA", Score = 0.6 }]);
        foreach (var criterion in Enum.GetValues<SmartCriterion>().Where(c => c != SmartCriterion.TimeBound))
        {
            partnership.Judge(criterion, SmartJudgement.Accepted, null, Proposals.Secretariat);
        }
        partnership.Judge(SmartCriterion.TimeBound, SmartJudgement.NotAccepted, "too vague", Proposals.Secretariat);

        var refused = Assert.Throws<ChangeRefused>(() => partnership.Activate(Proposals.Secretariat, null));
        Assert.Contains("'time_bound' is not accepted", refused.Message);
        Assert.Contains("No decision on likely duplicate 'ACEA'", refused.Message);

        partnership.Judge(SmartCriterion.TimeBound, SmartJudgement.Accepted, null, Proposals.Secretariat);
        Assert.Single(partnership.ActivationBlockers());
        partnership.Decide(partnership.DuplicateCandidates[0].Id, DuplicateDecision.Complementary, null, Proposals.Secretariat);
        partnership.Activate(Proposals.Secretariat, null);
        Assert.Equal(PartnershipStatus.Active, partnership.Status);
    }

    [Fact]
    public void A_change_runs_the_pre_check_again_and_drops_earlier_judgements_but_keeps_decisions_on_candidates_listed_again()
    {
        var partnership = Proposals.In(PartnershipStatus.UnderReview);
        var other = Guid.NewGuid();
        partnership.ListDuplicateCandidates([new DuplicateCandidate { Id = Guid.NewGuid(), Source = CandidateSource.Partnership, OtherPartnershipId = other, Title = "Other" }]);
        partnership.Decide(partnership.DuplicateCandidates[0].Id, DuplicateDecision.Distinct, "other sector", Proposals.Secretariat);
        Proposals.AcceptAll(partnership);

        partnership.Change(Proposals.Complete(deliverables: [new("Late", new DateOnly(2030, 1, 1), "x")]), Proposals.Secretariat, null);
        partnership.ListDuplicateCandidates([new DuplicateCandidate { Id = Guid.NewGuid(), Source = CandidateSource.Partnership, OtherPartnershipId = other, Title = "Other" }]);

        Assert.All(partnership.Smart, s => Assert.Null(s.Judgement));
        Assert.False(partnership.Smart.Single(s => s.Criterion == SmartCriterion.TimeBound).AutomaticallyMet);
        Assert.Equal(DuplicateDecision.Distinct, partnership.DuplicateCandidates.Single().Decision);
        Assert.Equal("other sector", partnership.DuplicateCandidates.Single().DecisionNote);
    }

    [Fact]
    public void Deliverables_are_updated_only_while_active()
    {
        var proposed = Proposals.In(PartnershipStatus.Proposed);
        Assert.Throws<ChangeRefused>(() => proposed.UpdateDeliverable(proposed.Deliverables[0].Id, DeliverableStatus.OnTrack, null, Proposals.Secretariat));

        var active = Proposals.In(PartnershipStatus.Active);
        var entry = active.UpdateDeliverable(active.Deliverables[0].Id, DeliverableStatus.Delayed, "rains", Proposals.Secretariat);

        Assert.Equal(DeliverableStatus.Delayed, active.Deliverables[0].Status);
        Assert.Equal(TrailAction.DeliverableUpdated, entry.Action);
        Assert.Contains("planned → delayed (rains)", entry.Note);
    }
}

public class PartnerWithdrawalTests
{
    [Fact]
    public void The_leads_withdrawal_ends_its_part_flags_a_new_lead_and_blocks_activation_once()
    {
        var partnership = Proposals.In(PartnershipStatus.UnderReview);
        Proposals.AcceptAll(partnership);

        var entry = partnership.PartnerWithdrawn(Proposals.Lead, Proposals.Secretariat);
        var again = partnership.PartnerWithdrawn(Proposals.Lead, Proposals.Secretariat);

        Assert.NotNull(entry);
        Assert.Equal(TrailAction.PartnerWithdrawn, entry.Action);
        Assert.Contains("a new lead is needed", entry.Note);
        Assert.Null(again);
        Assert.True(partnership.NeedsNewLead);
        Assert.NotNull(partnership.Partners.Single(p => p.MemberId == Proposals.Lead).EndedAt);
        Assert.Contains("a change must name a new lead", Assert.Throws<ChangeRefused>(() => partnership.Activate(Proposals.Secretariat, null)).Message);
    }

    [Fact]
    public void Another_partners_withdrawal_ends_only_its_part_and_a_finished_partnership_is_left_alone()
    {
        var active = Proposals.In(PartnershipStatus.Active);
        Assert.NotNull(active.PartnerWithdrawn(Proposals.Funder, Proposals.Secretariat));
        Assert.False(active.NeedsNewLead);

        var completed = Proposals.In(PartnershipStatus.Completed);
        Assert.Null(completed.PartnerWithdrawn(Proposals.Lead, Proposals.Secretariat));
        Assert.All(completed.Partners, p => Assert.Null(p.EndedAt));
    }

    [Fact]
    public void The_secretariat_names_a_remaining_partner_the_new_lead_of_an_active_partnership_with_a_trail_entry()
    {
        var partnership = Proposals.In(PartnershipStatus.Active);
        partnership.PartnerWithdrawn(Proposals.Lead, Proposals.Secretariat);

        var entry = partnership.NameNewLead(new PartnerDraft(Proposals.Funder, "Republic of Uganda", PartnerRole.Lead), Proposals.Secretariat, "agreed by the partners");

        Assert.Equal(TrailAction.LeadNamed, entry.Action);
        Assert.Equal(PartnershipStatus.Active, entry.To);
        Assert.Equal("'Republic of Uganda' named the new lead (was 'funding'): agreed by the partners", entry.Note);
        Assert.False(partnership.NeedsNewLead);
        Assert.Equal(Proposals.Funder, partnership.LeadMemberId);
        Assert.Equal(PartnerRole.Lead, partnership.Partners.Single(p => p.MemberId == Proposals.Funder).Role);
        // The departed lead's ended part stays on record.
        Assert.NotNull(partnership.Partners.Single(p => p.MemberId == Proposals.Lead).EndedAt);
        Assert.Equal(PartnershipStatus.Active, partnership.Status);
    }

    [Fact]
    public void A_new_lead_from_outside_joins_as_lead_and_clears_the_activation_blocker()
    {
        var newcomer = Guid.Parse("00000000-0000-0000-0000-0000000000c3");
        var partnership = Proposals.In(PartnershipStatus.UnderReview);
        Proposals.AcceptAll(partnership);
        partnership.PartnerWithdrawn(Proposals.Lead, Proposals.Secretariat);

        partnership.NameNewLead(new PartnerDraft(newcomer, "Republic of Rwanda", PartnerRole.Lead), Proposals.Secretariat, null);

        Assert.Equal(3, partnership.Partners.Count);
        Assert.Contains(newcomer, partnership.PartnerMemberIds);
        Assert.Empty(partnership.ActivationBlockers());
        partnership.Activate(Proposals.Secretariat, null);
    }

    [Fact]
    public void A_new_lead_is_refused_while_the_lead_is_still_there_and_once_the_partnership_is_over()
    {
        var funder = new PartnerDraft(Proposals.Funder, "Republic of Uganda", PartnerRole.Lead);
        var active = Proposals.In(PartnershipStatus.Active);
        Assert.Equal(Gacere.ServiceDefaults.RefusalKind.Conflict, Assert.Throws<ChangeRefused>(() => active.NameNewLead(funder, Proposals.Secretariat, null)).Kind);
        Assert.Equal(Proposals.Lead, active.LeadMemberId);

        var completed = Proposals.In(PartnershipStatus.Completed);
        Assert.Throws<ChangeRefused>(() => completed.NameNewLead(funder, Proposals.Secretariat, null));
    }
}
