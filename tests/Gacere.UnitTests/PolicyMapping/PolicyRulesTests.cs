extern alias policymapping;

using policymapping::Gacere.PolicyMapping.Apis;
using policymapping::Gacere.PolicyMapping.Domain;
using policymapping::Gacere.PolicyMapping.Search;
using Gacere.ReferenceData;
using Gacere.ServiceDefaults;

namespace Gacere.UnitTests.PolicyMapping;

/// <summary>The vocabularies of DOMAIN.md, the field rules of an instrument, and the search's pure parts.</summary>
public sealed class PolicyRulesTests
{
    private static readonly CountryCatalog Countries = new(
    [
        new Country("CHL", "Chile", "019", "Americas", "419", "005"),
        new Country("KEN", "Kenya", "002", "Africa", "202", "014"),
        new Country("FRA", "France", "150", "Europe", "155", ""),
    ]);

    [Fact]
    public void The_vocabularies_are_exactly_DOMAIN_md_codes()
    {
        Assert.Equal(["supranational", "national", "subnational", "local"], Vocabulary.AllCodes<JurisdictionLevel>());
        Assert.Equal(["proposed", "adopted", "in_force", "amended", "repealed", "expired"], Vocabulary.AllCodes<PolicyLifecycle>());
        Assert.Equal(["macro_policy", "regulatory_legal", "economic_fiscal", "voluntary_self_regulation", "information_education"],
            Vocabulary.AllCodes<InstrumentType>());
        Assert.Equal(["tax", "fee_charge", "tradable_permit", "deposit_refund", "environmental_subsidy", "voluntary_approach"],
            Vocabulary.AllCodes<PineType>());
        Assert.Equal(["electronics_ict", "batteries_vehicles", "packaging", "plastics", "textiles", "construction_buildings",
            "food_water_nutrients", "other"], Vocabulary.AllCodes<ValueChain>());
        Assert.Equal(["refuse", "rethink", "reduce", "reuse", "repair", "refurbish", "remanufacture", "repurpose", "recycle", "recover"],
            Vocabulary.AllCodes<RStrategy>());
        Assert.Equal(["biomass", "metal_ores", "non_metallic_minerals", "fossil_energy"], Vocabulary.AllCodes<MaterialCategory>());
        Assert.Equal(["circular_economy", "sustainable_resource_management", "industrial_symbiosis", "just_transition"],
            Vocabulary.AllCodes<PolicyTheme>());
        Assert.Equal(["draft", "submitted", "validated", "published", "archived", "rejected"], Vocabulary.AllCodes<CurationStatus>());
    }

    [Theory]
    [InlineData("es", true)]
    [InlineData("sw", true)]
    [InlineData("zh", true)]
    [InlineData("xx", false)]
    [InlineData("ES", false)]
    [InlineData("spa", false)]
    [InlineData("", false)]
    public void The_original_language_is_an_ISO_639_1_code(string code, bool valid) =>
        Assert.Equal(valid, InstrumentRules.CheckLanguage(code) is null);

    [Theory]
    [InlineData("https://www.bcn.cl/leychile/navegar?idNorma=1090894", true)]
    [InlineData("http://example.org/law", true)]
    [InlineData("ftp://example.org/law", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("www.example.org", false)]
    [InlineData("/relative/path", false)]
    public void The_source_is_an_absolute_http_url(string url, bool valid) =>
        Assert.Equal(valid, InstrumentRules.CheckSourceUrl(url) is null);

    [Theory]
    [InlineData(true, JurisdictionLevel.Supranational, true)]
    [InlineData(true, JurisdictionLevel.National, false)]
    [InlineData(false, JurisdictionLevel.Supranational, false)]
    [InlineData(false, JurisdictionLevel.Local, true)]
    public void An_organisations_instrument_is_supranational_and_a_countrys_never(bool organisation, JurisdictionLevel level, bool valid) =>
        Assert.Equal(valid, InstrumentRules.CheckLevel(organisation, level) is null);

    [Theory]
    [InlineData(PolicyLifecycle.InForce, "2016-05-17", "2016-06-01", "")]
    [InlineData(PolicyLifecycle.InForce, "2016-05-17", "2016-01-01", "inForceOn")]
    [InlineData(PolicyLifecycle.InForce, "2016-05-17", null, "inForceOn")]
    [InlineData(PolicyLifecycle.Proposed, null, null, "")]
    [InlineData(PolicyLifecycle.Proposed, "2016-05-17", null, "adoptedOn")]
    [InlineData(PolicyLifecycle.Adopted, null, null, "adoptedOn")]
    [InlineData(PolicyLifecycle.Repealed, "2001-01-01", "2001-02-01", "")]
    public void Dates_must_fit_the_lifecycle_and_each_other(PolicyLifecycle lifecycle, string? adopted, string? inForce, string fields)
    {
        var wrong = InstrumentRules.CheckDates(lifecycle, adopted is null ? null : DateOnly.Parse(adopted), inForce is null ? null : DateOnly.Parse(inForce))
            .Select(e => e.Field).Distinct();

        Assert.Equal(fields, string.Join(",", wrong));
    }

    [Fact]
    public void A_filter_takes_repeated_and_comma_separated_codes_and_resolves_regions_to_countries()
    {
        var errors = new Dictionary<string, string[]>();
        var filter = PolicyFilter.Parse(new PolicyQuery
        {
            ValueChain = ["packaging,plastics", "plastics"],
            Country = ["chl"],
            Region = "2",
            Q = "  recycling  ",
        }, Countries, isSecretariat: false, errors);

        Assert.Empty(errors);
        Assert.NotNull(filter);
        Assert.Equal(["packaging", "plastics"], filter.ValueChains);
        Assert.Equal(["CHL"], filter.Countries!);
        Assert.Equal(["KEN"], filter.RegionCountries!);
        Assert.Equal("recycling", filter.Text);
        Assert.Equal("published", filter.Status);
    }

    [Theory]
    [InlineData(false, "draft", "status")]
    [InlineData(true, "draft", "")]
    [InlineData(true, "finished", "status")]
    public void Only_the_secretariat_searches_beyond_published(bool secretariat, string status, string field)
    {
        var errors = new Dictionary<string, string[]>();

        var filter = PolicyFilter.Parse(new PolicyQuery { Status = status }, Countries, secretariat, errors);

        Assert.Equal(field, string.Join(",", errors.Keys));
        Assert.Equal(field.Length == 0, filter is not null);
    }

    [Fact]
    public void Every_wrong_filter_field_is_named_at_once()
    {
        var errors = new Dictionary<string, string[]>();

        PolicyFilter.Parse(new PolicyQuery
        {
            InstrumentType = ["regulatory"], Theme = ["circular_economy", "growth"], Country = ["ZZZ"], Region = "abc",
            AdoptedFrom = new DateOnly(2020, 1, 1), AdoptedTo = new DateOnly(2019, 1, 1),
        }, Countries, isSecretariat: false, errors);

        Assert.Equal(["adoptedTo", "country", "instrumentType", "region", "theme"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_cursor_round_trips_and_a_foreign_or_mismatched_one_is_refused()
    {
        var id = Guid.CreateVersion7();
        var ranked = new SearchCursor(id, 0.123456789f);
        var plain = new SearchCursor(id, null);

        Assert.Equal(ranked, SearchCursor.TryDecode(ranked.Encode(), withRank: true));
        Assert.Equal(plain, SearchCursor.TryDecode(plain.Encode(), withRank: false));
        Assert.Null(SearchCursor.TryDecode(ranked.Encode(), withRank: false));
        Assert.Null(SearchCursor.TryDecode(plain.Encode(), withRank: true));
        Assert.Null(SearchCursor.TryDecode("not-a-cursor!", withRank: false));
        Assert.Null(SearchCursor.TryDecode("", withRank: false));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("-1", "'-1")]
    public void Csv_fields_are_quoted_per_RFC_4180_and_formulas_are_defused(string field, string written) =>
        Assert.Equal(written, PolicyCsv.Quote(field));

    [Fact]
    public void The_map_is_read_from_the_kept_counts_only_for_published_instruments_narrowed_by_type_country_or_region()
    {
        static PolicySql Sql(PolicyFilter filter) => new(filter);
        Assert.True(Sql(new PolicyFilter()).KeptMap);
        Assert.True(Sql(new PolicyFilter()).AllPublished);
        Assert.True(Sql(new PolicyFilter { InstrumentTypes = ["economic_fiscal"], Countries = ["CHL"], RegionCountries = ["CHL", "KEN"] }).KeptMap);
        Assert.False(Sql(new PolicyFilter { InstrumentTypes = ["economic_fiscal"] }).AllPublished);
        Assert.Contains("published_map_members", Sql(new PolicyFilter { InstrumentTypes = ["economic_fiscal"] }).ByMemberSql(), StringComparison.Ordinal);
        Assert.Contains("published_map_members", Sql(new PolicyFilter { Countries = ["KEN"] }).ByCountrySql(), StringComparison.Ordinal);
        Assert.Contains("published_map_chains", Sql(new PolicyFilter { RegionCountries = ["KEN"] }).ByValueChainSql(), StringComparison.Ordinal);

        PolicyFilter[] counted =
        [
            new() { Text = "plastic" }, new() { ValueChains = ["plastics"] }, new() { PineTypes = ["tax"] }, new() { Levels = ["national"] },
            new() { Lifecycles = ["in_force"] }, new() { RStrategies = ["reuse"] }, new() { MaterialCategories = ["biomass"] },
            new() { Themes = ["just_transition"] }, new() { Indicators = ["material-footprint"] }, new() { Binding = false },
            new() { AdoptedFrom = new DateOnly(2020, 1, 1) }, new() { AdoptedTo = new DateOnly(2020, 1, 1) },
            new() { InForceFrom = new DateOnly(2020, 1, 1) }, new() { InForceTo = new DateOnly(2020, 1, 1) },
            new() { Status = "draft" }, new() { Status = "draft", InstrumentTypes = ["economic_fiscal"] },
        ];
        foreach (var filter in counted)
        {
            var sql = Sql(filter with { InstrumentTypes = [.. filter.InstrumentTypes, "regulatory_legal"] });
            Assert.False(sql.KeptMap, filter.ToString());
            Assert.False(Sql(filter).AllPublished, filter.ToString());
            Assert.DoesNotContain("published_map", sql.ByMemberSql() + sql.ByCountrySql() + sql.ByValueChainSql(), StringComparison.Ordinal);
        }
    }
}
