using Gacere.Membership.Domain;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.UnitTests.Membership;

public class VocabularyTests
{
    [Fact]
    public void Organisation_types_use_the_codes_of_the_domain_reference()
    {
        Assert.Equal(
            ["national_government", "regional_economic_integration_org", "un_entity", "intergovernmental_org", "regional_ce_platform",
             "business", "ngo_civil_society", "international_network", "research_academia", "financial_institution"],
            Vocabulary.AllCodes<OrgType>());
    }

    [Fact]
    public void Categories_and_statuses_use_the_codes_of_the_domain_reference()
    {
        Assert.Equal(["member", "observer", "strategic_partner", "supporting_stakeholder", "convener"], Vocabulary.AllCodes<MembershipCategory>());
        Assert.Equal(["submitted", "under_review", "info_requested", "approved", "rejected", "withdrawn"], Vocabulary.AllCodes<ApplicationStatus>());
        Assert.Equal(["active", "suspended", "withdrawn"], Vocabulary.AllCodes<MemberStatus>());
        Assert.Equal(["day", "month", "year", "not_later_than"], Vocabulary.AllCodes<DatePrecision>());
    }

    [Theory]
    [InlineData("un_entity", true)]
    [InlineData("UnEntity", false)]
    [InlineData("UN_ENTITY", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_exact_codes_parse(string? code, bool parses)
    {
        Assert.Equal(parses, Vocabulary.TryParse<OrgType>(code, out var type));
        if (parses)
        {
            Assert.Equal(OrgType.UnEntity, type);
        }
    }
}
