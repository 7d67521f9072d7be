using Gacere.Partnerships.Domain;

namespace Gacere.UnitTests.Partnerships;

public class DuplicateScoringTests
{
    private static readonly Guid Lead = Guid.NewGuid(), A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();

    private static readonly DuplicateProfile Proposal = new(Lead, [Lead, A, B, C], ["KEN", "UGA", "TZA", "RWA"], ["002", "014", "202"], ["textiles"]);

    [Fact]
    public void The_same_lead_in_most_of_the_same_countries_on_the_same_chain_is_listed_with_every_reason()
    {
        var other = new PartnershipMatch(Guid.NewGuid(), "Textile recycling", new(Lead, [Lead, A], ["KEN", "UGA", "TZA"], ["002", "014", "202"], ["textiles", "plastics"]), 0.72, 0.41);

        var scored = DuplicateScoring.Score(Proposal, other);

        Assert.NotNull(scored);
        Assert.Equal(["same lead", "2 of 4 partners", "3 of 4 countries", "textiles", "title 0.72 similar", "objective 0.41 similar"], scored.Reasons);
        Assert.InRange(scored.Score, DuplicateScoring.Threshold, 1);
    }

    [Fact]
    public void A_partnership_whose_lead_left_has_no_same_lead_even_when_the_proposal_has_none_either()
    {
        var leadLeft = new PartnershipMatch(Guid.NewGuid(), "Textile recycling", new(null, [A], ["KEN", "UGA", "TZA"], ["002", "014", "202"], ["textiles"]), 0.72, 0.41);

        var scored = DuplicateScoring.Score(Proposal, leadLeft);
        var noLead = DuplicateScoring.Score(Proposal with { LeadMemberId = null }, leadLeft);

        Assert.NotNull(scored);
        Assert.Equal(["1 of 4 partners", "3 of 4 countries", "textiles", "title 0.72 similar", "objective 0.41 similar"], scored.Reasons);
        Assert.DoesNotContain("same lead", noLead!.Reasons);
    }

    [Fact]
    public void The_checks_prefilter_drops_no_candidate_without_a_shared_partner_or_country_and_a_text_not_above_its_similarity()
    {
        // DuplicateCheck scores only partnerships that share a partner or a country, or whose title or objective is
        // trigram similar (pg_trgm's %, similarity above PrefilterSimilarity). The best any other partnership can do: the
        // very same regions and value chains, text just at that similarity. It must stay under the threshold, or the
        // prefilter loses candidates.
        var text = Gacere.Partnerships.Data.DuplicateCheck.PrefilterSimilarity;
        var best = new PartnershipMatch(Guid.NewGuid(), "t", new(Guid.NewGuid(), [Guid.NewGuid()], ["ETH"], Proposal.CoveredRegions, Proposal.ValueChains), text, text);
        Assert.Null(DuplicateScoring.Score(Proposal, best));
        // While a shared country can reach it: the prefilter keeps those.
        var sharedCountry = best with { Profile = best.Profile with { Countries = Proposal.Countries } };
        Assert.NotNull(DuplicateScoring.Score(Proposal, sharedCountry with { TitleSimilarity = 0.5 }));
    }

    [Fact]
    public void Under_the_overlap_the_check_asks_for_a_partnership_needs_text_above_the_prefilter_to_be_listed()
    {
        // DuplicateCheck scores overlaps first and computes no similarity for a partnership sharing a partner or a country
        // whose overlap is under OverlapNeededBelow(PrefilterSimilarity) and whose title and objective are not trigram
        // similar (so both under PrefilterSimilarity). Random profiles around the proposal's, text just under the
        // prefilter: none of those is listed.
        var text = Gacere.Partnerships.Data.DuplicateCheck.PrefilterSimilarity;
        var needed = DuplicateScoring.OverlapNeededBelow(text);
        var random = new Random(20261124);
        Guid[] members = [Lead, A, B, C, .. Enumerable.Range(0, 4).Select(_ => Guid.NewGuid())];
        string[] countries = ["KEN", "UGA", "TZA", "RWA", "ETH", "NGA"], regions = ["002", "014", "202", "011", "150"], chains = ["textiles", "plastics", "packaging"];
        T[] Some<T>(T[] items) => [.. items.Where(_ => random.Next(3) == 0)];
        var below = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var partners = Some(members);
            var other = new DuplicateProfile(partners.Length > 0 && random.Next(2) == 0 ? partners[0] : null, partners, Some(countries), Some(regions), Some(chains));
            var overlap = DuplicateScoring.OverlapScore(Proposal, other);
            var match = new PartnershipMatch(Guid.NewGuid(), "t", other, text - 1e-7, random.NextDouble() * (text - 1e-7));
            if (overlap < needed)
            {
                below++;
                Assert.Null(DuplicateScoring.Score(Proposal, match));
                Assert.Null(DuplicateScoring.Score(Proposal, match with { TitleSimilarity = match.ObjectiveSimilarity, ObjectiveSimilarity = match.TitleSimilarity }));
            }
            // The score is the overlap plus the weighted better text, nothing else: what the bound relies on.
            var full = match with { TitleSimilarity = random.NextDouble() };
            var expected = Math.Min(1, DuplicateScoring.TextWeight * Math.Max(full.TitleSimilarity, full.ObjectiveSimilarity) + overlap);
            Assert.Equal(expected >= DuplicateScoring.Threshold ? Math.Round(expected, 3) : null, DuplicateScoring.Score(Proposal, full)?.Score);
        }
        Assert.InRange(below, 1_000, 19_000);
        Assert.Equal(DuplicateScoring.Threshold - DuplicateScoring.TextWeight * text, needed, 6);
        // Without a shared partner or country (the partnerships neither of the check's arms returns), the overlap is under the bound.
        Assert.True(DuplicateScoring.OverlapScore(Proposal, new(Guid.NewGuid(), [Guid.NewGuid()], ["ETH"], Proposal.CoveredRegions, Proposal.ValueChains)) < needed);
    }

    [Fact]
    public void A_partnership_sharing_only_a_country_is_not_listed()
    {
        var other = new PartnershipMatch(Guid.NewGuid(), "Battery second life", new(Guid.NewGuid(), [Guid.NewGuid()], ["KEN", "ETH"], ["002", "014", "202"], ["batteries_vehicles"]), 0.12, 0.10);

        Assert.Null(DuplicateScoring.Score(Proposal, other));
    }

    [Fact]
    public void More_overlap_ranks_higher()
    {
        DuplicateProfile Profile(Guid lead, Guid[] partners) => new(lead, partners, ["KEN", "UGA"], ["002", "014", "202"], ["textiles"]);
        var samePartners = DuplicateScoring.Score(Proposal, new PartnershipMatch(Guid.NewGuid(), "t", Profile(Lead, [Lead, A, B, C]), 0.6, 0.5))!;
        var otherPartners = DuplicateScoring.Score(Proposal, new PartnershipMatch(Guid.NewGuid(), "t", Profile(Guid.NewGuid(), [Guid.NewGuid()]), 0.6, 0.5))!;

        Assert.True(samePartners.Score > otherPartners.Score, $"{samePartners.Score} vs {otherPartners.Score}");
    }

    [Fact]
    public void An_external_initiative_in_the_same_region_with_a_similar_name_is_listed()
    {
        var scored = DuplicateScoring.Score(Proposal, new InitiativeMatch("acea", "African Circular Economy Alliance", "002", 0.5));

        Assert.NotNull(scored);
        Assert.Equal(["name 0.50 similar to the title or objective", "same region 002"], scored.Reasons);
        Assert.Null(DuplicateScoring.Score(Proposal, new InitiativeMatch("pace", "PACE", null, 0.2)));
    }
}
