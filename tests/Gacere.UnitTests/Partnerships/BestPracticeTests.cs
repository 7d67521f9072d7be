using Gacere.MemberReplica;
using Gacere.Partnerships.Apis;
using Gacere.Partnerships.Domain;
using Gacere.Partnerships.Search;
using Gacere.ReferenceData;
using Gacere.ServiceDefaults;

namespace Gacere.UnitTests.Partnerships;

public class BestPracticeTests
{
    private static readonly CountryCatalog Catalog = CountryReferenceData.Load();
    private static readonly Guid Kenya = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly ReplicatedMember KenyaMember =
        new() { MemberId = Kenya, OrganisationName = "Republic of Kenya", OrgType = "national_government", Category = "member", Status = "active" };

    private static BestPracticeInput Input(string country = "KEN", string language = "en", string source = "https://example.org/practice",
        OrgType? organisationType = null, List<RStrategy>? rStrategies = null) => new()
    {
        MemberId = Kenya,
        Title = "Deposit-refund for PET bottles",
        Country = country,
        OrganisationType = organisationType,
        ValueChain = ValueChain.Packaging,
        RStrategies = rStrategies ?? [RStrategy.Recycle, RStrategy.Reuse, RStrategy.Recycle],
        Language = language,
        Outcomes = "Return rate rose from 40% to 85% in two years.",
        Source = source,
    };

    private static BestPractice Submitted() => BestPractice.Submit(Input().ToDraft(Catalog, KenyaMember), Proposals.Secretariat).Practice;

    [Fact]
    public void A_submission_takes_the_members_organisation_type_unless_given_and_keeps_each_R_strategy_once_in_R_order()
    {
        var (practice, trail) = BestPractice.Submit(Input().ToDraft(Catalog, KenyaMember), Proposals.Secretariat);

        Assert.Equal(OrgType.NationalGovernment, practice.OrganisationType);
        Assert.Equal(["reuse", "recycle"], practice.RStrategies);
        Assert.Equal(BestPracticeStatus.Submitted, practice.Status);
        Assert.Equal((BestPracticeAction.Submitted, (BestPracticeStatus?)null, BestPracticeStatus.Submitted), (trail.Action, trail.From, trail.To));
        Assert.Equal(OrgType.Business,
            Input(organisationType: OrgType.Business).ToDraft(Catalog, KenyaMember).OrganisationType);
    }

    [Theory]
    [InlineData("country", "XXX", "en", "https://example.org")]
    [InlineData("country", "ken", "en", "https://example.org")]
    [InlineData("language", "KEN", "EN", "https://example.org")]
    [InlineData("language", "KEN", "xx", "https://example.org")]
    [InlineData("source", "KEN", "en", "ftp://example.org/file")]
    [InlineData("source", "KEN", "en", "not an address")]
    public void Bad_codes_and_addresses_are_a_400_naming_the_field(string field, string country, string language, string source) =>
        Assert.Equal(field, Assert.Throws<InvalidPartnershipInput>(() => Input(country, language, source).ToDraft(Catalog, KenyaMember)).Field);

    [Fact]
    public void An_empty_list_of_R_strategies_is_refused() =>
        Assert.Equal("rStrategies", Assert.Throws<InvalidPartnershipInput>(() => Input(rStrategies: []).ToDraft(Catalog, KenyaMember)).Field);

    [Fact]
    public void The_secretariat_publishes_or_rejects_a_submission_once_and_each_decision_has_a_trail_entry()
    {
        var published = Submitted();
        var entry = published.Publish(Proposals.Secretariat, "clear outcomes");
        Assert.Equal((BestPracticeAction.Published, (BestPracticeStatus?)BestPracticeStatus.Submitted, BestPracticeStatus.Published, "clear outcomes"),
            (entry.Action, entry.From, entry.To, entry.Note));
        Assert.Equal(Proposals.Secretariat.At, published.PublishedAt);
        Assert.Equal(RefusalKind.Conflict, Assert.Throws<ChangeRefused>(() => published.Reject(Proposals.Secretariat, "changed our mind")).Kind);
        Assert.Equal(BestPracticeStatus.Published, published.Status);

        var rejected = Submitted();
        Assert.Equal("no source for the figures", rejected.Reject(Proposals.Secretariat, "no source for the figures").Note);
        Assert.Throws<ChangeRefused>(() => rejected.Publish(Proposals.Secretariat, null));
        Assert.Null(rejected.PublishedAt);
    }

    [Fact]
    public void The_search_filter_names_every_wrong_field_and_reads_comma_separated_codes()
    {
        var errors = new Dictionary<string, string[]>();
        Assert.Null(BestPracticeFilter.Parse(new BestPracticeQuery
        {
            Country = ["KEN", "XXX"], Region = "999", OrganisationType = ["government"], ValueChain = ["textile"], RStrategy = ["recycling"], Language = ["english"],
        }, Catalog, errors));
        Assert.Equal(["country", "language", "organisationType", "rStrategy", "region", "valueChain"], errors.Keys.Order(StringComparer.Ordinal));

        var filter = BestPracticeFilter.Parse(new BestPracticeQuery { RStrategy = ["reuse, recycle", "reuse"], Region = "014", Q = "  deposit " }, Catalog, new());
        Assert.NotNull(filter);
        Assert.Equal(["reuse", "recycle"], filter.RStrategies);
        Assert.Equal("deposit", filter.Text);
        Assert.Contains("KEN", filter.RegionCountries!);
        Assert.DoesNotContain("FRA", filter.RegionCountries!);
    }
}
