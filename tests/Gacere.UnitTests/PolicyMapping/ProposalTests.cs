extern alias policymapping;

using Gacere.ReferenceData;
using Gacere.ServiceDefaults;
using policymapping::Gacere.PolicyMapping.Domain;

namespace Gacere.UnitTests.PolicyMapping;

/// <summary>
/// Barriers and gaps and research needs: every cell of their curation table and of the research progress table,
/// who may propose and decide, the scope rules, and what the trail keeps.
/// </summary>
public sealed class ProposalTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 1, 0, 0, TimeSpan.Zero);
    private static readonly Guid Kenya = Guid.NewGuid();
    private static readonly Guid Chile = Guid.NewGuid();
    private static readonly Actor Secretariat = new("sec-1", CuratorRole.Secretariat, null, Now);
    private static readonly Actor KenyanFocalPoint = new("fp-ken", CuratorRole.FocalPoint, Kenya, Now);
    private static readonly ProposingMember KenyaMember = new(Kenya, "Government of Kenya", "KEN", "active");

    private static BarrierContent Barrier(BarrierScope scope = BarrierScope.National, params string[] countries) => new(
        "No market for recycled PET", "Recycled PET costs more than virgin resin, so collectors cannot sell what they gather.",
        BarrierType.Market, scope, countries.Length == 0 ? ["KEN"] : countries, [ValueChain.Plastics, ValueChain.Packaging, ValueChain.Plastics], []);

    private static readonly ResearchNeedContent Need = new(
        "Comparable circularity metrics for construction", "No agreed way to measure reuse of building materials across countries.",
        ["circular-material-use-rate", "material-footprint", "circular-material-use-rate"], ["KEN"], [ValueChain.ConstructionBuildings]);

    public static readonly TheoryData<ProposalStatus, ProposalAction> EveryCell = Cells();

    private static TheoryData<ProposalStatus, ProposalAction> Cells()
    {
        var data = new TheoryData<ProposalStatus, ProposalAction>();
        foreach (var status in Enum.GetValues<ProposalStatus>())
        {
            foreach (var action in ProposalCuration.CurationSteps)
            {
                data.Add(status, action);
            }
        }
        return data;
    }

    /// <summary>proposed → published → archived; proposed → rejected; nothing else.</summary>
    private static readonly Dictionary<(ProposalStatus, ProposalAction), ProposalStatus> Expected = new()
    {
        [(ProposalStatus.Proposed, ProposalAction.Publish)] = ProposalStatus.Published,
        [(ProposalStatus.Proposed, ProposalAction.Reject)] = ProposalStatus.Rejected,
        [(ProposalStatus.Published, ProposalAction.Archive)] = ProposalStatus.Archived,
    };

    private static BarrierOrGap InStatus(ProposalStatus status)
    {
        var (barrier, _) = BarrierOrGap.Propose(Barrier(), KenyaMember, KenyanFocalPoint);
        switch (status)
        {
            case ProposalStatus.Published:
                barrier.Move(ProposalAction.Publish, Secretariat, null);
                break;
            case ProposalStatus.Rejected:
                barrier.Move(ProposalAction.Reject, Secretariat, "Duplicate of an earlier proposal.");
                break;
            case ProposalStatus.Archived:
                barrier.Move(ProposalAction.Publish, Secretariat, null);
                barrier.Move(ProposalAction.Archive, Secretariat, "Resolved by the 2026 EPR regulations.");
                break;
        }
        Assert.Equal(status, barrier.Status);
        return barrier;
    }

    [Theory]
    [MemberData(nameof(EveryCell))]
    public void Each_status_and_curation_step_moves_as_the_table_says_or_is_a_409(ProposalStatus from, ProposalAction action)
    {
        var barrier = InStatus(from);
        if (Expected.TryGetValue((from, action), out var to))
        {
            var entry = barrier.Move(action, Secretariat, "Because.");
            Assert.Equal(to, barrier.Status);
            Assert.Equal((from, to, action), (entry.From!.Value, entry.To, entry.Action));
            Assert.Equal(ProposalKind.Barrier, entry.Kind);
            Assert.Equal(barrier.Id, entry.SubjectId);
        }
        else
        {
            var refusal = Assert.Throws<IllegalProposalMove>(() => barrier.Move(action, Secretariat, "Because."));
            Assert.Equal(409, refusal.StatusCode);
            Assert.Contains($"'{Vocabulary.Code(from)}'", refusal.Message);
            Assert.Equal(from, barrier.Status);
        }
    }

    [Fact]
    public void The_table_has_exactly_the_moves_DOMAIN_md_curation_implies() =>
        Assert.Equal(Expected.OrderBy(e => e.Key), ProposalCuration.Moves.OrderBy(e => e.Key));

    [Theory]
    [InlineData(ProposalAction.Publish)]
    [InlineData(ProposalAction.Reject)]
    public void Only_the_secretariat_decides_even_on_a_focal_points_own_proposal(ProposalAction action)
    {
        var barrier = InStatus(ProposalStatus.Proposed);
        var refusal = Assert.Throws<ProposalStepForbidden>(() => barrier.Move(action, KenyanFocalPoint, "Mine."));
        Assert.Equal(403, refusal.StatusCode);
        Assert.Equal(ProposalStatus.Proposed, barrier.Status);
    }

    [Theory]
    [InlineData(ProposalStatus.Proposed, ProposalAction.Reject, null)]
    [InlineData(ProposalStatus.Published, ProposalAction.Archive, "  ")]
    public void Rejecting_or_archiving_needs_a_reason_naming_the_field(ProposalStatus from, ProposalAction action, string? reason)
    {
        var barrier = InStatus(from);
        var refusal = Assert.Throws<ProposalReasonRequired>(() => barrier.Move(action, Secretariat, reason));
        Assert.Equal((400, "reason"), (refusal.StatusCode, refusal.Field));
        Assert.Equal(from, barrier.Status);
    }

    [Fact]
    public void Publishing_records_when_and_who_and_makes_it_public()
    {
        var (barrier, proposed) = BarrierOrGap.Propose(Barrier(), KenyaMember, KenyanFocalPoint);
        Assert.Equal((ProposalAction.Propose, (ProposalStatus?)null, ProposalStatus.Proposed, "fp-ken", CuratorRole.FocalPoint, (Guid?)Kenya),
            (proposed.Action, proposed.From, proposed.To, proposed.Actor, proposed.Role, proposed.MemberId));
        Assert.False(barrier.MayBeSeenBy(isSecretariat: false, focalPointMemberId: null));
        Assert.False(barrier.MayBeSeenBy(isSecretariat: false, focalPointMemberId: Chile));
        Assert.True(barrier.MayBeSeenBy(isSecretariat: false, focalPointMemberId: Kenya));
        Assert.True(barrier.MayBeSeenBy(isSecretariat: true, focalPointMemberId: null));

        var later = Secretariat with { At = Now.AddHours(2) };
        var published = barrier.Move(ProposalAction.Publish, later, "  Checked against the 2025 survey. ");
        Assert.Equal(later.At, barrier.PublishedAt);
        Assert.Equal("Checked against the 2025 survey.", published.Reason);
        Assert.True(barrier.MayBeSeenBy(isSecretariat: false, focalPointMemberId: null));
    }

    [Fact]
    public void A_proposal_keeps_each_code_once_in_a_stable_order_and_names_its_proposer()
    {
        var (barrier, _) = BarrierOrGap.Propose(Barrier(BarrierScope.Regional, "UGA", "KEN", "UGA"), KenyaMember, KenyanFocalPoint);
        Assert.Equal(["KEN", "UGA"], barrier.Countries);
        Assert.Equal(["packaging", "plastics"], barrier.ValueChains);
        Assert.Equal((Kenya, "Government of Kenya"), (barrier.ProposerMemberId!.Value, barrier.ProposerName));

        var (recorded, _) = BarrierOrGap.Propose(Barrier(BarrierScope.National, "CHL"), null, Secretariat);
        Assert.Null(recorded.ProposerMemberId);
        Assert.Equal(CuratedProposal.Secretariat, recorded.ProposerName);
    }

    [Fact]
    public void A_focal_point_proposes_for_its_own_member_and_a_national_barrier_for_its_own_country_only()
    {
        var chileMember = new ProposingMember(Chile, "Government of Chile", "CHL", "active");
        Assert.Equal(403, Assert.Throws<NotYourMember>(() => BarrierOrGap.Propose(Barrier(), chileMember, KenyanFocalPoint)).StatusCode);
        Assert.Equal(403, Assert.Throws<NotYourMember>(() => ResearchNeed.Propose(Need, null, KenyanFocalPoint)).StatusCode);
        Assert.Equal(403, Assert.Throws<NotYourCountry>(() => BarrierOrGap.Propose(Barrier(BarrierScope.National, "CHL"), KenyaMember, KenyanFocalPoint)).StatusCode);
        // A regional barrier may name other countries beside its own.
        BarrierOrGap.Propose(Barrier(BarrierScope.Regional, "CHL", "PER"), KenyaMember, KenyanFocalPoint);
        // An organisation (no country) has no national barriers of its own.
        var union = new ProposingMember(Kenya, "European Union", null, "active");
        Assert.Throws<NotYourCountry>(() => BarrierOrGap.Propose(Barrier(BarrierScope.National, "FRA"), union, KenyanFocalPoint));
    }

    [Theory]
    [InlineData("suspended")]
    [InlineData("withdrawn")]
    [InlineData("unknown")]
    public void A_member_that_is_not_active_cannot_propose_and_is_told_why(string status)
    {
        var member = KenyaMember with { Status = status };
        var barrier = Assert.Throws<ProposerNotActive>(() => BarrierOrGap.Propose(Barrier(), member, KenyanFocalPoint));
        Assert.Equal(409, barrier.StatusCode);
        Assert.Contains($"Government of Kenya is {status}", barrier.Message);
        Assert.Equal(409, Assert.Throws<ProposerNotActive>(() => ResearchNeed.Propose(Need, member, KenyanFocalPoint)).StatusCode);
    }

    [Theory]
    [InlineData(BarrierScope.National, 0, 0, "countries")]
    [InlineData(BarrierScope.National, 2, 0, "countries")]
    [InlineData(BarrierScope.National, 1, 0, null)]
    [InlineData(BarrierScope.Regional, 1, 3, "countries")]
    [InlineData(BarrierScope.Regional, 2, 0, null)]
    [InlineData(BarrierScope.ValueChain, 5, 0, "valueChains")]
    [InlineData(BarrierScope.ValueChain, 0, 1, null)]
    [InlineData(BarrierScope.Global, 0, 0, null)]
    public void A_scope_asks_for_its_countries_or_value_chains(BarrierScope scope, int countries, int valueChains, string? field) =>
        Assert.Equal(field is null ? [] : [field], BarrierRules.CheckScope(scope, countries, valueChains).Select(e => e.Field));

    public static readonly TheoryData<ResearchStatus, ResearchStatus> EveryProgressCell = ProgressCells();

    private static TheoryData<ResearchStatus, ResearchStatus> ProgressCells()
    {
        var data = new TheoryData<ResearchStatus, ResearchStatus>();
        foreach (var from in Enum.GetValues<ResearchStatus>())
        {
            foreach (var to in Enum.GetValues<ResearchStatus>())
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    private static readonly HashSet<(ResearchStatus, ResearchStatus)> ExpectedProgress =
    [
        (ResearchStatus.Open, ResearchStatus.InProgress),
        (ResearchStatus.Open, ResearchStatus.Closed),
        (ResearchStatus.InProgress, ResearchStatus.Addressed),
        (ResearchStatus.InProgress, ResearchStatus.Closed),
        (ResearchStatus.Addressed, ResearchStatus.InProgress),
        (ResearchStatus.Addressed, ResearchStatus.Closed),
    ];

    private static ResearchNeed PublishedNeed(ResearchStatus progress)
    {
        var (need, _) = ResearchNeed.Propose(Need, KenyaMember, KenyanFocalPoint);
        need.Move(ProposalAction.Publish, Secretariat, null);
        ResearchStatus[] path = progress switch
        {
            ResearchStatus.InProgress => [ResearchStatus.InProgress],
            ResearchStatus.Addressed => [ResearchStatus.InProgress, ResearchStatus.Addressed],
            ResearchStatus.Closed => [ResearchStatus.Closed],
            _ => [],
        };
        foreach (var step in path)
        {
            need.Advance(step, Secretariat, null);
        }
        Assert.Equal(progress, need.Progress);
        return need;
    }

    [Theory]
    [MemberData(nameof(EveryProgressCell))]
    public void Each_progress_step_is_allowed_as_the_table_says_or_is_a_409(ResearchStatus from, ResearchStatus to)
    {
        var need = PublishedNeed(from);
        if (ExpectedProgress.Contains((from, to)))
        {
            var entry = need.Advance(to, Secretariat, " A study started. ");
            Assert.Equal(to, need.Progress);
            Assert.Equal((ProposalAction.Progress, (ProposalStatus?)ProposalStatus.Published, ProposalStatus.Published, (ResearchStatus?)to, "A study started."),
                (entry.Action, entry.From, entry.To, entry.Progress, entry.Reason));
            Assert.Equal(ProposalKind.ResearchNeed, entry.Kind);
        }
        else
        {
            Assert.Equal(409, Assert.Throws<IllegalProgress>(() => need.Advance(to, Secretariat, null)).StatusCode);
            Assert.Equal(from, need.Progress);
        }
    }

    [Fact]
    public void Progress_is_the_secretariats_to_record_and_only_on_a_published_need()
    {
        var (need, proposed) = ResearchNeed.Propose(Need, KenyaMember, KenyanFocalPoint);
        Assert.Equal(ResearchStatus.Open, need.Progress);
        Assert.Equal(ResearchStatus.Open, proposed.Progress);
        Assert.Equal(["circular-material-use-rate", "material-footprint"], need.IndicatorCodes);
        Assert.Equal(409, Assert.Throws<ResearchNeedNotPublished>(() => need.Advance(ResearchStatus.InProgress, Secretariat, null)).StatusCode);
        need.Move(ProposalAction.Publish, Secretariat, null);
        Assert.Equal(403, Assert.Throws<ProposalStepForbidden>(() => need.Advance(ResearchStatus.InProgress, KenyanFocalPoint, null)).StatusCode);
        Assert.Equal(ResearchStatus.Open, need.Progress);
    }
}
