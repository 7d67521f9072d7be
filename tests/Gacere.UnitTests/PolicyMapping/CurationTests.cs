extern alias policymapping;

using Gacere.ServiceDefaults;
using policymapping::Gacere.PolicyMapping.Domain;
using Gacere.ReferenceData;

namespace Gacere.UnitTests.PolicyMapping;

/// <summary>Every cell of the curation table, who may take each step, and the order of the refusals.</summary>
public sealed class CurationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Chile = Guid.NewGuid();
    private static readonly Guid Kenya = Guid.NewGuid();
    private static readonly Actor Secretariat = new("sec-1", CuratorRole.Secretariat, null, Now);
    private static readonly Actor ChileanFocalPoint = new("fp-chl", CuratorRole.FocalPoint, Chile, Now);
    private static readonly Actor KenyanFocalPoint = new("fp-ken", CuratorRole.FocalPoint, Kenya, Now);

    private static Jurisdiction ChileJurisdiction(string status = "active") => new(Chile, "CHL", "Chile", status, "Government of Chile");

    private static readonly InstrumentContent Content = new(
        JurisdictionLevel.National, "Ley 20.920", "Law 20.920 on extended producer responsibility", "es",
        "Sets collection and recovery targets for producers.", null, new DateOnly(2016, 5, 17), new DateOnly(2016, 6, 1),
        PolicyLifecycle.InForce, true, "https://www.bcn.cl/leychile", InstrumentType.RegulatoryLegal, null,
        [ValueChain.Packaging, ValueChain.ElectronicsIct, ValueChain.Packaging], [RStrategy.Recycle], [], [PolicyTheme.CircularEconomy],
        ["national-recycling-rate"]);

    public static readonly TheoryData<CurationStatus, CurationAction> EveryCell = Cells();

    private static TheoryData<CurationStatus, CurationAction> Cells()
    {
        var data = new TheoryData<CurationStatus, CurationAction>();
        foreach (var status in Enum.GetValues<CurationStatus>())
        {
            foreach (var action in Enum.GetValues<CurationAction>())
            {
                data.Add(status, action);
            }
        }
        return data;
    }

    /// <summary>DOMAIN.md: draft → submitted → validated → published → archived; rejected → draft; the secretariat rejects what awaits it.</summary>
    private static readonly Dictionary<(CurationStatus, CurationAction), CurationStatus> Expected = new()
    {
        [(CurationStatus.Draft, CurationAction.Submit)] = CurationStatus.Submitted,
        [(CurationStatus.Submitted, CurationAction.Validate)] = CurationStatus.Validated,
        [(CurationStatus.Submitted, CurationAction.Reject)] = CurationStatus.Rejected,
        [(CurationStatus.Validated, CurationAction.Publish)] = CurationStatus.Published,
        [(CurationStatus.Validated, CurationAction.Reject)] = CurationStatus.Rejected,
        [(CurationStatus.Published, CurationAction.Archive)] = CurationStatus.Archived,
        [(CurationStatus.Rejected, CurationAction.Redraft)] = CurationStatus.Draft,
    };

    [Theory]
    [MemberData(nameof(EveryCell))]
    public void Each_status_and_action_moves_as_DOMAIN_md_says_or_is_a_409(CurationStatus from, CurationAction action)
    {
        var instrument = InStatus(from);

        if (Expected.TryGetValue((from, action), out var to))
        {
            var entry = instrument.Move(action, ChileJurisdiction(), Secretariat, "because");
            Assert.Equal(to, instrument.Status);
            Assert.Equal(from, entry.From);
            Assert.Equal(to, entry.To);
            Assert.Equal("sec-1", entry.Actor);
            Assert.Equal(CuratorRole.Secretariat, entry.Role);
        }
        else
        {
            var refusal = Assert.Throws<IllegalCurationMove>(() => instrument.Move(action, ChileJurisdiction(), Secretariat, "because"));
            Assert.Equal(RefusalKind.Conflict, refusal.Kind);
            Assert.Equal(from, instrument.Status);
        }
    }

    [Theory]
    [InlineData(CurationAction.Submit, true)]
    [InlineData(CurationAction.Redraft, true)]
    [InlineData(CurationAction.Validate, false)]
    [InlineData(CurationAction.Publish, false)]
    [InlineData(CurationAction.Reject, false)]
    [InlineData(CurationAction.Archive, false)]
    public void A_focal_point_submits_and_redrafts_and_everything_else_is_the_secretariats(CurationAction action, bool focalPointMay)
    {
        Assert.Equal(focalPointMay, Curation.MayTake(CuratorRole.FocalPoint, action));
        Assert.True(Curation.MayTake(CuratorRole.Secretariat, action));
    }

    [Fact]
    public void A_focal_point_of_another_member_is_403_before_the_lifecycle_is_looked_at()
    {
        var (instrument, _) = PolicyInstrument.Draft(ChileJurisdiction(), Content, ChileanFocalPoint);

        Assert.Equal(RefusalKind.Forbidden, Assert.Throws<NotYourJurisdiction>(() => PolicyInstrument.Draft(ChileJurisdiction(), Content, KenyanFocalPoint)).Kind);
        Assert.Throws<NotYourJurisdiction>(() => instrument.Move(CurationAction.Submit, ChileJurisdiction(), KenyanFocalPoint, null));
        Assert.Throws<NotYourJurisdiction>(() => instrument.Move(CurationAction.Redraft, ChileJurisdiction(), KenyanFocalPoint, null));
        Assert.Throws<CurationStepForbidden>(() => instrument.Move(CurationAction.Publish, ChileJurisdiction(), ChileanFocalPoint, null));
        Assert.Equal(CurationStatus.Draft, instrument.Status);
    }

    [Theory]
    [InlineData("suspended")]
    [InlineData("withdrawn")]
    [InlineData("unknown")]
    public void A_member_that_is_not_active_cannot_draft_revise_or_submit_and_its_draft_stays(string status)
    {
        var (instrument, _) = PolicyInstrument.Draft(ChileJurisdiction(), Content, ChileanFocalPoint);

        var refusal = Assert.Throws<MemberNotActive>(() => PolicyInstrument.Draft(ChileJurisdiction(status), Content, ChileanFocalPoint));
        Assert.Equal(RefusalKind.Conflict, refusal.Kind);
        Assert.Contains(status, refusal.Message);
        Assert.Throws<MemberNotActive>(() => instrument.Revise(ChileJurisdiction(status), Content, ChileanFocalPoint));
        Assert.Throws<MemberNotActive>(() => instrument.Move(CurationAction.Submit, ChileJurisdiction(status), Secretariat, null));
        Assert.Equal(CurationStatus.Draft, instrument.Status);
    }

    [Theory]
    [InlineData(CurationAction.Reject, CurationStatus.Submitted)]
    [InlineData(CurationAction.Archive, CurationStatus.Published)]
    public void Rejecting_and_archiving_need_a_reason_named_as_the_field(CurationAction action, CurationStatus from)
    {
        var instrument = InStatus(from);

        var refusal = Assert.Throws<ReasonRequired>(() => instrument.Move(action, ChileJurisdiction(), Secretariat, "  "));
        Assert.Equal(RefusalKind.InvalidInput, refusal.Kind);
        Assert.Equal("reason", refusal.Field);
        Assert.Equal(from, instrument.Status);
    }

    [Fact]
    public void Only_a_draft_can_be_revised_and_classifications_are_stored_once_in_vocabulary_order()
    {
        var (instrument, entry) = PolicyInstrument.Draft(ChileJurisdiction(), Content, ChileanFocalPoint);

        Assert.Equal(TrailAction.Create, entry.Action);
        Assert.Null(entry.From);
        Assert.Equal(["electronics_ict", "packaging"], instrument.ValueChains);
        Assert.Equal(TrailAction.Revise, instrument.Revise(ChileJurisdiction(), Content, ChileanFocalPoint).Action);
        instrument.Move(CurationAction.Submit, ChileJurisdiction(), ChileanFocalPoint, null);
        Assert.Throws<InstrumentNotEditable>(() => instrument.Revise(ChileJurisdiction(), Content, ChileanFocalPoint));
    }

    [Fact]
    public void Publishing_stamps_the_publication_time()
    {
        var instrument = InStatus(CurationStatus.Validated);

        instrument.Move(CurationAction.Publish, ChileJurisdiction(), Secretariat with { At = Now.AddHours(1) }, null);

        Assert.Equal(Now.AddHours(1), instrument.PublishedAt);
    }

    /// <summary>An instrument walked to <paramref name="status"/> along the table's own moves.</summary>
    private static PolicyInstrument InStatus(CurationStatus status)
    {
        var (instrument, _) = PolicyInstrument.Draft(ChileJurisdiction(), Content, ChileanFocalPoint);
        CurationAction[] path = status switch
        {
            CurationStatus.Draft => [],
            CurationStatus.Submitted => [CurationAction.Submit],
            CurationStatus.Validated => [CurationAction.Submit, CurationAction.Validate],
            CurationStatus.Published => [CurationAction.Submit, CurationAction.Validate, CurationAction.Publish],
            CurationStatus.Archived => [CurationAction.Submit, CurationAction.Validate, CurationAction.Publish, CurationAction.Archive],
            _ => [CurationAction.Submit, CurationAction.Reject],
        };
        foreach (var action in path)
        {
            instrument.Move(action, ChileJurisdiction(), Secretariat, "walk");
        }
        Assert.Equal(status, instrument.Status);
        return instrument;
    }
}
