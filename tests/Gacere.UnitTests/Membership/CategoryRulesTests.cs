using Gacere.Membership.Domain;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.UnitTests.Membership;

public class CategoryRulesTests
{
    // Written out from DOMAIN.md rather than derived from the code under test.
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["national_government"] = ["member", "observer", "strategic_partner"],
        ["regional_economic_integration_org"] = ["member", "observer", "strategic_partner"],
        ["un_entity"] = ["member", "observer", "strategic_partner", "convener"],
        ["intergovernmental_org"] = ["member", "observer", "strategic_partner"],
        ["regional_ce_platform"] = ["observer", "strategic_partner", "supporting_stakeholder"],
        ["business"] = ["observer", "strategic_partner", "supporting_stakeholder"],
        ["ngo_civil_society"] = ["observer", "strategic_partner", "supporting_stakeholder"],
        ["international_network"] = ["observer", "strategic_partner", "supporting_stakeholder"],
        ["research_academia"] = ["observer", "strategic_partner", "supporting_stakeholder"],
        ["financial_institution"] = ["observer", "strategic_partner", "supporting_stakeholder"],
    };

    public static TheoryData<string, string> EveryPair()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in Vocabulary.AllCodes<OrgType>())
        {
            foreach (var category in Vocabulary.AllCodes<MembershipCategory>())
            {
                data.Add(type, category);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Each_organisation_type_holds_exactly_its_categories(string type, string category)
    {
        var expected = Allowed[type].Contains(category);
        Assert.Equal(expected, CategoryRules.IsAllowed(Vocabulary.Parse<OrgType>(type), Vocabulary.Parse<MembershipCategory>(category)));
    }

    [Fact]
    public void Explanation_names_the_type_the_category_and_what_is_allowed()
    {
        var text = CategoryRules.Explain(OrgType.Business, MembershipCategory.Member);
        Assert.Contains("'business'", text);
        Assert.Contains("'member'", text);
        Assert.Contains("supporting_stakeholder", text);
    }
}
