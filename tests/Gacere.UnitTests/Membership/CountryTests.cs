using Gacere.ReferenceData;
using Gacere.Membership.Domain;

namespace Gacere.UnitTests.Membership;

public class CountryTests
{
    [Fact]
    public void Reference_data_ships_with_the_service_and_holds_every_ISO_country()
    {
        Assert.Equal(249, Given.Countries.Count);
        Assert.Equal("Korea, Republic of", Given.Countries.Find("KOR")?.Name);
        Assert.Equal("Kenya", Given.Countries.Find("ken")?.Name);
    }

    [Theory]
    [InlineData(OrgType.NationalGovernment, "KEN", true)]
    [InlineData(OrgType.NationalGovernment, "ken", true)]
    [InlineData(OrgType.NationalGovernment, null, false)]
    [InlineData(OrgType.NationalGovernment, "", false)]
    [InlineData(OrgType.NationalGovernment, "XXX", false)]
    [InlineData(OrgType.NationalGovernment, "KE", false)]
    [InlineData(OrgType.NationalGovernment, "K3N", false)]
    [InlineData(OrgType.RegionalEconomicIntegrationOrg, null, true)]
    [InlineData(OrgType.RegionalEconomicIntegrationOrg, "BEL", false)]
    [InlineData(OrgType.RegionalEconomicIntegrationOrg, "EUR", false)]
    [InlineData(OrgType.UnEntity, null, true)]
    [InlineData(OrgType.UnEntity, "KEN", true)]
    [InlineData(OrgType.Business, null, true)]
    [InlineData(OrgType.Business, "RWA", true)]
    [InlineData(OrgType.Business, "ZZZ", false)]
    public void Country_rules_per_organisation_type(OrgType type, string? country, bool valid)
    {
        var problem = CountryRules.Check(type, country, Given.Countries);
        Assert.Equal(valid, problem is null);
    }

    [Theory]
    [InlineData("150", new[] { "NOR", "CHE", "FRA" }, new[] { "KEN", "CAN" })]
    [InlineData("002", new[] { "KEN", "MAR", "ZAF", "RWA", "NGA" }, new[] { "NOR" })]
    [InlineData("019", new[] { "CAN", "CHL", "PER", "COL" }, new[] { "JPN" })]
    [InlineData("419", new[] { "CHL", "PER", "COL" }, new[] { "CAN" })]
    [InlineData("021", new[] { "CAN" }, new[] { "CHL" })]
    [InlineData("142", new[] { "JPN", "KOR", "IND" }, new[] { "NZL" })]
    [InlineData("009", new[] { "NZL" }, new[] { "JPN" })]
    public void A_country_is_in_its_region_sub_region_and_intermediate_region(string region, string[] inside, string[] outside)
    {
        Assert.True(Given.Countries.IsRegion(region));
        var members = Given.Countries.CountriesIn(region);
        Assert.All(inside, code => Assert.Contains(code, members));
        Assert.All(outside, code => Assert.DoesNotContain(code, members));
    }

    [Theory]
    [InlineData("2", "002")]
    [InlineData("002", "002")]
    [InlineData("150", "150")]
    [InlineData("1500", null)]
    [InlineData("Asia-Pacific", null)]
    [InlineData("", null)]
    public void Region_codes_are_normalised_to_three_digits(string code, string? expected) =>
        Assert.Equal(expected, CountryCatalog.NormaliseRegionCode(code));

    [Fact]
    public void Unknown_and_invented_regions_are_not_regions()
    {
        Assert.False(Given.Countries.IsRegion("999"));
        Assert.False(Given.Countries.IsRegion("000"));
    }

    [Fact]
    public void Csv_fields_may_hold_quoted_commas()
    {
        var fields = Csv.ParseLine("\"Korea, Republic of\",KR,KOR,410,ISO 3166-2:KR,Asia,Eastern Asia,\"\",142,030,\"\"");
        Assert.Equal(11, fields.Length);
        Assert.Equal("Korea, Republic of", fields[0]);
        Assert.Equal("KOR", fields[2]);
        Assert.Equal("", fields[7]);
        Assert.Equal("030", fields[9]);
    }
}
