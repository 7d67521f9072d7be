using Gacere.MemberReplica;
using Gacere.Partnerships.Apis;
using Gacere.ReferenceData;
using Gacere.Partnerships.Domain;

namespace Gacere.UnitTests.Partnerships;

public class PartnershipInputTests
{
    private static readonly CountryCatalog Catalog = CountryReferenceData.Load();
    private static readonly Guid Kenya = Guid.NewGuid(), Uganda = Guid.NewGuid();

    private static readonly Dictionary<Guid, ReplicatedMember> Members = new()
    {
        [Kenya] = Member(Kenya, "Republic of Kenya", "active"),
        [Uganda] = Member(Uganda, "Republic of Uganda", "active"),
    };

    private static ReplicatedMember Member(Guid id, string name, string status) =>
        new() { MemberId = id, OrganisationName = name, OrgType = "national_government", Category = "member", Status = status };

    private static PartnershipInput Input(List<ResourceInput>? resources = null, List<string>? countries = null, List<string>? regions = null,
        List<string>? sdgTargets = null, PartnerRole second = PartnerRole.Funding) => new()
    {
        Title = "Textile waste recycling",
        Kind = PartnershipKind.Regional,
        Objective = "Collect and recycle textile waste in East Africa.",
        StartDate = new DateOnly(2026, 1, 1),
        EndDate = new DateOnly(2028, 12, 31),
        Partners = [new() { MemberId = Kenya, Role = PartnerRole.Lead }, new() { MemberId = Uganda, Role = second }],
        Countries = countries ?? ["KEN", "UGA"],
        Regions = regions ?? ["014"],
        ValueChains = [ValueChain.Textiles],
        SdgTargets = sdgTargets ?? ["12.5"],
        Resources = resources ?? [new() { Type = ResourceType.Financial, Amount = 1000m, Currency = "EUR" }],
    };

    private static string FieldOf(PartnershipInput input) =>
        Assert.Throws<InvalidPartnershipInput>(() => input.ToDraft(Catalog, Members)).Field!;

    [Fact]
    public void A_valid_input_becomes_a_draft_covering_the_countries_regions()
    {
        var draft = Input().ToDraft(Catalog, Members);

        Assert.Equal(Kenya, draft.LeadMemberId);
        Assert.Equal("Republic of Uganda", draft.Partners[1].OrganisationName);
        // KEN and UGA: Africa (002), Eastern Africa (014), Sub-Saharan Africa (202).
        Assert.Equal(["002", "014", "202"], draft.CoveredRegions);
    }

    [Theory]
    [InlineData("EURO", "resources[0].currency")]
    [InlineData("eur", "resources[0].currency")]
    [InlineData("XAU", "resources[0].currency")]
    public void A_financial_resource_needs_an_ISO_4217_currency(string currency, string field) =>
        Assert.Equal(field, FieldOf(Input(resources: [new() { Type = ResourceType.Financial, Amount = 10m, Currency = currency }])));

    [Fact]
    public void Amounts_and_descriptions_are_checked_per_resource()
    {
        Assert.Equal("resources[0].amount", FieldOf(Input(resources: [new() { Type = ResourceType.Financial, Currency = "EUR" }])));
        Assert.Equal("resources[0].amount", FieldOf(Input(resources: [new() { Type = ResourceType.Financial, Amount = -5m, Currency = "EUR" }])));
        Assert.Equal("resources[1].description", FieldOf(Input(resources:
            [new() { Type = ResourceType.Financial, Amount = 5m, Currency = "KES" }, new() { Type = ResourceType.Staff }])));
    }

    [Fact]
    public void Exactly_one_lead()
    {
        Assert.Equal("partners", FieldOf(Input(second: PartnerRole.Lead)));
    }

    [Fact]
    public void Only_active_members_known_to_the_replica_may_be_partners()
    {
        var suspended = new Dictionary<Guid, ReplicatedMember>(Members) { [Uganda] = Member(Uganda, "Republic of Uganda", "suspended") };

        var refused = Assert.Throws<InvalidPartnershipInput>(() => Input().ToDraft(Catalog, suspended));
        Assert.Equal("partners[1].memberId", refused.Field);
        Assert.Contains("suspended", refused.Message);
        Assert.Equal("partners[1].memberId", Assert.Throws<InvalidPartnershipInput>(() => Input().ToDraft(Catalog, new Dictionary<Guid, ReplicatedMember> { [Kenya] = Members[Kenya] })).Field);
    }

    [Fact]
    public void Codes_are_checked_against_the_reference_data()
    {
        Assert.Equal("countries[1]", FieldOf(Input(countries: ["KEN", "ken"])));
        Assert.Equal("regions[0]", FieldOf(Input(regions: ["2"])));
        Assert.Equal("sdgTargets[1]", FieldOf(Input(sdgTargets: ["12.5", "18.1"])));
    }

    [Theory]
    [InlineData("12.5", true)]
    [InlineData("8.4", true)]
    [InlineData("12.a", true)]
    [InlineData("17.19", true)]
    [InlineData("0.1", false)]
    [InlineData("18.1", false)]
    [InlineData("12", false)]
    [InlineData("12.05", false)]
    public void SDG_targets_are_goal_dot_target(string code, bool valid) => Assert.Equal(valid, PartnershipInput.IsSdgTarget(code));
}
