using Gacere.Membership.Data;
using Gacere.Membership.Domain;
using Gacere.ReferenceData;

namespace Gacere.UnitTests.Membership;

public class SeedTests
{
    private static readonly VerifiedMemberFact[] Facts = VerifiedFactSeeder.Facts;

    [Fact]
    public void Seed_ids_are_stable_version_8_uuids()
    {
        Assert.Equal(SeedIds.For("member:CAN"), SeedIds.For("member:CAN"));
        Assert.NotEqual(SeedIds.For("member:CAN"), SeedIds.For("member:CHL"));
        Assert.Equal(8, SeedIds.For("member:CAN").Version);
        Assert.Equal('8', SeedIds.For("member:CAN").ToString()[14]);
    }

    [Fact]
    public void Eighteen_verified_members_each_with_its_own_id()
    {
        Assert.Equal(18, Facts.Length);
        Assert.Equal(18, Facts.Select(f => f.Id).Distinct().Count());
        Assert.All(Facts, f => Assert.False(string.IsNullOrWhiteSpace(f.Source)));
    }

    [Fact]
    public void Every_fact_obeys_the_category_and_country_rules()
    {
        Assert.All(Facts, f =>
        {
            Assert.True(CategoryRules.IsAllowed(f.OrgType, f.Category), f.Key);
            Assert.Null(CountryRules.Check(f.OrgType, f.CountryIso3, Given.Countries));
        });
    }

    [Theory]
    [InlineData("CAN", "2021-02-14")]
    [InlineData("ZAF", "2021-02-14")]
    [InlineData("COL", "2021-02-22")]
    [InlineData("NZL", "2021-02-22")]
    [InlineData("KOR", "2021-08-31")]
    [InlineData("CHE", "2021-08-31")]
    public void Governments_are_members_not_later_than_their_source_date(string alpha3, string date)
    {
        var fact = Facts.Single(f => f.CountryIso3 == alpha3);
        Assert.Equal((OrgType.NationalGovernment, MembershipCategory.Member), (fact.OrgType, fact.Category));
        Assert.Equal((DateOnly.Parse(date), DatePrecision.NotLaterThan), (fact.MemberSince, fact.Precision));
    }

    [Fact]
    public void The_EU_is_a_founding_member_without_a_country()
    {
        var eu = Facts.Single(f => f.Key == "EU");
        Assert.Equal(OrgType.RegionalEconomicIntegrationOrg, eu.OrgType);
        Assert.Null(eu.CountryIso3);
        Assert.Equal((new DateOnly(2021, 2, 22), DatePrecision.Day), (eu.MemberSince, eu.Precision));
    }

    [Fact]
    public void UNEP_and_UNIDO_are_conveners()
    {
        var conveners = Facts.Where(f => f.Category == MembershipCategory.Convener).Select(f => f.Key).Order();
        Assert.Equal(["UNEP", "UNIDO"], conveners);
    }

    [Fact]
    public void Only_Indias_category_is_marked_unverified()
    {
        var unverified = Assert.Single(Facts, f => !f.CategoryVerified);
        Assert.Equal("IND", unverified.CountryIso3);
    }
}
