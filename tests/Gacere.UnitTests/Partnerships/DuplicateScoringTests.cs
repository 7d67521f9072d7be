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
    public void Without_a_shared_partner_or_country_only_a_partnership_sharing_the_checks_regions_and_value_chains_can_be_listed_below_the_text_prefilter()
    {
        // DuplicateCheck reads, besides the partnerships sharing a partner or a country and those whose title or objective is
        // trigram similar (%, at least PrefilterSimilarity), only those holding what JaccardLookup asks of their regions and
        // of their value chains (one of its items, or all). Any other partnership, with the text just under the prefilter, must stay under the
        // threshold, or the check loses candidates. Random region and value-chain sets around the proposal's.
        var text = Gacere.Partnerships.Data.DuplicateCheck.PrefilterSimilarity - 1e-7;
        var (regionJaccard, chainJaccard) = DuplicateScoring.JaccardNeededWithoutPartnerOrCountry(DuplicateScoring.OverlapNeededBelow(text + 1e-7));
        var regionPrefix = DuplicateScoring.JaccardLookup(Proposal.CoveredRegions, regionJaccard, r => r);
        var chainPrefix = DuplicateScoring.JaccardLookup(Proposal.ValueChains, chainJaccard, r => r);
        static bool Holds(string[] set, (string[] Items, bool All) lookup) => lookup.All ? lookup.Items.All(set.Contains) : lookup.Items.Intersect(set).Any();
        var random = new Random(20261124);
        string[] regions = [.. Proposal.CoveredRegions, "011", "150", "155"], chains = [.. Proposal.ValueChains, "plastics", "packaging"];
        T[] Some<T>(T[] items) => [.. items.Where(_ => random.Next(2) == 0)];
        var (outside, outsideListedWithMoreText, inside) = (0, 0, 0);
        for (var i = 0; i < 20_000; i++)
        {
            var other = new PartnershipMatch(Guid.NewGuid(), "t", new(Guid.NewGuid(), [Guid.NewGuid()], ["ETH"], Some(regions), Some(chains)), text, text);
            if (Holds(other.Profile.CoveredRegions, regionPrefix) && Holds(other.Profile.ValueChains, chainPrefix))
            {
                inside++;
                continue;
            }
            outside++;
            Assert.Null(DuplicateScoring.Score(Proposal, other));
            outsideListedWithMoreText += DuplicateScoring.Score(Proposal, other with { ObjectiveSimilarity = 1 }) is null ? 0 : 1;
        }
        // Both sides are exercised, and the partnerships left out are not left out for lack of any overlap at all.
        Assert.InRange(inside, 100, 19_000);
        Assert.True(outsideListedWithMoreText > 100, $"{outsideListedWithMoreText} of {outside} listed with an identical objective");
        // The proposal's same regions and value chains can be listed with text at the prefilter: the check must read them.
        var same = new PartnershipMatch(Guid.NewGuid(), "t", new(Guid.NewGuid(), [Guid.NewGuid()], ["ETH"], Proposal.CoveredRegions, Proposal.ValueChains), text + 1e-7, 0);
        Assert.NotNull(DuplicateScoring.Score(Proposal, same));
        Assert.NotEmpty(regionPrefix.Items);
        Assert.NotEmpty(chainPrefix.Items);
    }

    [Fact]
    public void Every_set_whose_jaccard_reaches_the_bound_shares_one_of_the_items_the_check_looks_up()
    {
        var random = new Random(20261125);
        string[] universe = [.. Enumerable.Range(0, 12).Select(i => $"r{i:00}")];
        T[] Some<T>(T[] items, int odds) => [.. items.Where(_ => random.Next(odds) == 0)];
        var (reaching, fewerThanAll) = (0, 0);
        for (var i = 0; i < 20_000; i++)
        {
            var items = Some(universe, 2);
            var jaccard = 0.05 + random.NextDouble() * 1.0;
            var prefix = DuplicateScoring.SharedByAnyJaccardAbove(items, jaccard, codes => codes.OrderBy(_ => random.Next()));
            fewerThanAll += prefix.Length < items.Length ? 1 : 0;
            var other = random.Next(3) == 0 ? items : Some(universe, 2);
            var shared = items.Intersect(other).Count();
            var actual = items.Length + other.Length - shared == 0 ? 0 : (double)shared / (items.Length + other.Length - shared);
            if (actual >= jaccard)
            {
                reaching++;
                Assert.True(prefix.Intersect(other).Any(), $"[{string.Join(",", other)}] reaches {jaccard} with [{string.Join(",", items)}] but shares none of [{string.Join(",", prefix)}]");
            }
        }
        Assert.InRange(reaching, 1_000, 19_000);
        Assert.True(fewerThanAll > 5_000, $"{fewerThanAll} prefixes shorter than their set");
        // No set reaches a Jaccard above 1, and an empty set shares nothing.
        Assert.Empty(DuplicateScoring.SharedByAnyJaccardAbove(["a", "b"], 1.01, codes => codes));
        Assert.Empty(DuplicateScoring.SharedByAnyJaccardAbove([], 0.5, codes => codes));
        // At 0.6 of five items a set shares three: any three of them.
        Assert.Equal(["e", "d", "c"], DuplicateScoring.SharedByAnyJaccardAbove(["a", "b", "c", "d", "e"], 0.6, codes => codes.Reverse()));
    }

    [Fact]
    public void Every_set_whose_jaccard_reaches_the_bound_holds_what_the_look_up_asks_for_all_of_the_items_when_it_must_share_them_all()
    {
        var random = new Random(20261126);
        string[] universe = [.. Enumerable.Range(0, 8).Select(i => $"c{i}")];
        T[] Some<T>(T[] items, int odds) => [.. items.Where(_ => random.Next(odds) == 0)];
        var (reaching, all, reachingWithAll, leftOutByAll) = (0, 0, 0, 0);
        for (var i = 0; i < 20_000; i++)
        {
            var items = Some(universe, 3);
            var jaccard = 0.05 + random.NextDouble() * 1.0;
            var (lookup, holdsAll) = DuplicateScoring.JaccardLookup(items, jaccard, codes => codes.OrderBy(_ => random.Next()));
            all += holdsAll ? 1 : 0;
            var other = random.Next(3) == 0 ? items : Some(universe, 3);
            var shared = items.Intersect(other).Count();
            var actual = items.Length + other.Length - shared == 0 ? 0 : (double)shared / (items.Length + other.Length - shared);
            var found = holdsAll ? lookup.All(other.Contains) : lookup.Intersect(other).Any();
            if (actual >= jaccard)
            {
                reaching++;
                reachingWithAll += holdsAll ? 1 : 0;
                Assert.True(found, $"[{string.Join(",", other)}] reaches {jaccard} with [{string.Join(",", items)}] but the look-up [{string.Join(",", lookup)}] (all: {holdsAll}) misses it");
            }
            // What @> leaves out that && on the same items would have read: the reason to ask for all.
            leftOutByAll += holdsAll && !found && lookup.Intersect(other).Any() ? 1 : 0;
        }
        Assert.InRange(reaching, 1_000, 19_000);
        Assert.True(reachingWithAll > 500, $"{reachingWithAll} reaching sets looked up by all of the items");
        Assert.True(leftOutByAll > 500, $"{leftOutByAll} sets sharing some but not all left out");
        // Two value chains at 0.52: both. One: any (the same). At 0.5 of two: either.
        var both = DuplicateScoring.JaccardLookup(["b", "a"], 0.52, codes => codes.Order(StringComparer.Ordinal));
        Assert.True(both.All);
        Assert.Equal(["a", "b"], both.Items);
        Assert.False(DuplicateScoring.JaccardLookup(["a"], 0.52, codes => codes).All);
        Assert.False(DuplicateScoring.JaccardLookup(["a", "b"], 0.5, codes => codes).All);
        Assert.Empty(DuplicateScoring.JaccardLookup(["a", "b"], 1.01, codes => codes).Items);
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
        var (below, listedAtTheBound) = (0, 0);
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
            else if (overlap > needed + 1e-6)
            {
                // The bound is not too high either: at it, text at the prefilter lists the partnership, so the check must
                // (and does) compute its similarities.
                listedAtTheBound++;
                Assert.NotNull(DuplicateScoring.Score(Proposal, match with { TitleSimilarity = text }));
            }
            // The score is the overlap plus the weighted better text, nothing else: what the bound relies on.
            var full = match with { TitleSimilarity = random.NextDouble() };
            var expected = Math.Min(1, DuplicateScoring.TextWeight * Math.Max(full.TitleSimilarity, full.ObjectiveSimilarity) + overlap);
            Assert.Equal(expected >= DuplicateScoring.Threshold ? Math.Round(expected, 3) : null, DuplicateScoring.Score(Proposal, full)?.Score);
        }
        Assert.InRange(below, 1_000, 19_000);
        Assert.InRange(listedAtTheBound, 1_000, 19_000);
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

    [Fact]
    public void The_overlap_upper_bound_over_the_stored_partner_array_is_never_under_the_overlap_of_the_active_partners()
    {
        // DuplicateCheck drops overlap-arm rows whose OverlapUpperBound (computed in SQL over partner_member_ids, which keeps
        // departed partners) is under the bound. Random proposals and partnerships, some partners departed, some leads gone:
        // the bound must be at least the exact overlap, or the check loses candidates.
        var random = new Random(20261126);
        Guid[] members = [.. Enumerable.Range(0, 8).Select(_ => Guid.NewGuid())];
        string[] countries = ["KEN", "UGA", "TZA", "RWA", "ETH"], regions = ["002", "014", "202", "011", "150"], chains = ["textiles", "plastics", "packaging"];
        T[] Some<T>(T[] items) => [.. items.Where(_ => random.Next(2) == 0)];
        var (tight, loose) = (0, 0);
        for (var i = 0; i < 50_000; i++)
        {
            var proposalPartners = Some(members);
            var proposal = new DuplicateProfile(proposalPartners.FirstOrDefault() is var l && l != Guid.Empty && random.Next(4) > 0 ? l : null,
                proposalPartners, Some(countries), Some(regions), Some(chains));
            var storedPartners = Some(members);
            Guid[] activePartners = [.. storedPartners.Where(_ => random.Next(3) > 0)];
            var lead = storedPartners.FirstOrDefault() is var sl && sl != Guid.Empty && activePartners.Contains(sl) ? sl : (Guid?)null;
            var stored = new DuplicateProfile(lead, storedPartners, Some(countries), Some(regions), Some(chains));
            var active = stored with { PartnerMemberIds = activePartners };

            var bound = DuplicateScoring.OverlapUpperBound(proposal, stored);
            var exact = DuplicateScoring.OverlapScore(proposal, active);

            // Equal terms are computed alike; the check's own slack under the bound (1e-9, twice) covers any last-bit difference.
            Assert.True(bound >= exact - 1e-12, $"bound {bound} under the overlap {exact}");
            if (Math.Abs(bound - exact) < 1e-12)
            {
                tight++;
            }
            else
            {
                loose++;
            }
        }
        // Both cases occur: exact when no departed partner is shared (and the partner Jaccard's other side adds nothing), above it otherwise.
        Assert.True(tight > 1000 && loose > 1000, $"{tight} tight, {loose} loose");
    }

    [Fact]
    public void Shared_partners_over_the_longer_stored_array_would_not_be_an_upper_bound()
    {
        // Why OverlapUpperBound divides by the proposal's partner count: a departed partner lengthens the stored array, and
        // the shared count over the longer of the two would fall under the active partners' Jaccard.
        var (x, y, gone1, gone2) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var proposal = new DuplicateProfile(x, [x, y], [], [], []);
        var stored = new DuplicateProfile(x, [x, y, gone1, gone2], [], [], []);
        var active = stored with { PartnerMemberIds = [x, y] };

        var exact = DuplicateScoring.OverlapScore(proposal, active);
        var overLonger = DuplicateScoring.PartnerWeight * 2.0 / 4 + DuplicateScoring.SameLeadBonus;

        Assert.Equal(DuplicateScoring.PartnerWeight + DuplicateScoring.SameLeadBonus, exact, 12);
        Assert.True(overLonger < exact);
        Assert.Equal(exact, DuplicateScoring.OverlapUpperBound(proposal, stored), 12);
    }
}
