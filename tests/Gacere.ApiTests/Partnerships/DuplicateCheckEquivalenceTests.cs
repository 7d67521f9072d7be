extern alias partnerships;

using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using partnerships::Gacere.Partnerships.Data;
using partnerships::Gacere.Partnerships.Domain;
using Gacere.ReferenceData;

namespace Gacere.ApiTests.Partnerships;

/// <summary>
/// The duplication check scores overlaps first and asks PostgreSQL for text similarities only where they can still lift a
/// partnership to the threshold (DuplicateCheck.RunAsync). It must list exactly what scoring every partnership with both
/// similarities lists: this compares the two on real PostgreSQL, over the labelled pairs, over partnerships made to fall on
/// each side of the overlap bound (the same partners and countries with another text), and over partnerships sharing no
/// partner and no country in each band the bound leaves: the same value chain and regions, the same value chain only, the
/// same regions only, each with an objective rewritten to several degrees.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DuplicateCheckEquivalenceTests(ServersFixture servers) : PartnershipsApiTest(servers)
{
    private static readonly string[] Filler = ["harbour", "lantern", "meadow", "quartz", "velvet", "orchard", "glacier", "pigeon", "saddle", "thimble"];

    /// <summary>
    /// What a partnership made for a proposal shares with it besides text (never a partner or a country): its value chains
    /// and regions; its value chains only; its regions only; its regions, its value chains and one more; its regions and
    /// the first of its value chains (for a proposal with two, a value-chain Jaccard of 0.5: the look-up by every value
    /// chain, <c>@&gt;</c>, leaves it to the text arms); its value chains and, of its regions, only its continent (named as
    /// a region, no country: a Jaccard of 1/2 or 1/3, which the look-up by some of its regions must still find).
    /// </summary>
    private enum Band { ChainAndRegions, ChainOnly, RegionsOnly, ExtraChain, FirstChainOnly, ContinentOnly }

    [Fact]
    public async Task The_check_lists_what_scoring_every_partnership_with_both_similarities_lists()
    {
        using var scope = Service.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnershipsDbContext>();
        var catalog = scope.ServiceProvider.GetRequiredService<CountryCatalog>();
        var pairs = LabelledPairs.Generate(seed: 20261124, catalog);
        var actor = new Actor("equivalence", DateTimeOffset.UtcNow);
        // Each pair's stored side, and the same partners, countries and regions with the text of another pair: high overlap,
        // low text similarity, so that some partnerships need their similarities and some do not.
        var stored = pairs.Select(p => p.Existing)
            .Concat(pairs.Select((p, i) => p.Existing with { Title = pairs[(i + 7) % pairs.Count].Existing.Title, Objective = pairs[(i + 7) % pairs.Count].Existing.Objective }))
            .Select(draft => Partnership.Propose(draft, actor).Partnership)
            .ToList();
        // Departed partners stay in partner_member_ids, which the overlap upper bound in SQL reads: in every third
        // partnership the last partner left, in every sixth (of those) the lead, so the bound meets them.
        foreach (var (partnership, i) in stored.Select((p, i) => (p, i)).Where(x => x.i % 3 == 0))
        {
            partnership.PartnerWithdrawn(i % 6 == 0 ? partnership.LeadMemberId : partnership.Partners[^1].MemberId, actor);
        }
        db.Partnerships.AddRange(stored);
        await db.SaveChangesAsync();

        var counts = new DuplicateCheckCounts();
        var withoutBound = new DuplicateCheckCounts();
        var compared = await CompareAsync(db, pairs.Select(p => p.Proposed).Concat(pairs.Take(40).Select(p => p.Existing)), counts, (_, _) => { }, withoutBound);
        // The comparison says something, in what the check itself read and computed: many partnerships listed; many scored
        // without similarities; some it asked similarities for because of their overlap alone, among them partnerships sharing
        // no partner or country (read for their regions and value chains).
        var seen = Seen(compared, counts);
        Assert.True(compared >= 200, seen);
        // Without the upper bound in SQL the client scored many overlap-arm rows and dropped them; with it, SQL drops them.
        seen += "; without the bound: " + Seen(compared, withoutBound);
        Assert.True(withoutBound.ScoredWithoutSimilarities >= 500, seen);
        Assert.True(counts.OverlapArm <= withoutBound.OverlapArm - 500, seen);
        Assert.Equal(withoutBound.SimilaritiesAsked, counts.SimilaritiesAsked);
        Assert.True(counts.SimilaritiesAsked >= 100, seen);
        Assert.True(counts.SimilaritiesAskedWithoutPartnerOrCountry >= 20, seen);
    }

    [Fact]
    public async Task Partnerships_sharing_no_partner_or_country_are_listed_in_each_band_as_scoring_every_partnership_lists_them()
    {
        using var scope = Service.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnershipsDbContext>();
        var catalog = scope.ServiceProvider.GetRequiredService<CountryCatalog>();
        var random = new Random(20261125);
        // One proposal per topic (so that another proposal's partnerships have another text), and for each, partnerships
        // sharing no partner and no country with it in each band, its objective with a share of the words replaced, another title.
        // Every other proposal has a second value chain, so that the region/value-chain look-up asks for both (@>); every
        // fourth (of those) is in France, whose two regions (Western Europe, Europe) a partnership naming only Europe shares half of.
        var proposals = LabelledPairs.Generate(seed: 20261124, catalog).DistinctBy(p => p.Existing.Objective).Select(p => p.Proposed)
            .Select((p, i) => i % 2 == 0 ? p : p with { ValueChains = [p.ValueChains[0], Enum.GetValues<ValueChain>().First(c => !p.ValueChains.Contains(c))] })
            .Select((p, i) => i % 4 != 3 ? p : p with { Countries = ["FRA"], Regions = [], CoveredRegions = catalog.RegionsCovering(["FRA"], []) })
            .ToList();
        Assert.Contains(proposals, p => p.Countries is not ["FRA"] && p.ValueChains.Count == 2);
        Assert.Contains(proposals, p => p.Countries is ["FRA"] && p.ValueChains.Count == 2);
        var drafts = new List<(Band Band, PartnershipDraft Proposal, PartnershipDraft Draft)>();
        foreach (var (proposal, i) in proposals.Select((p, i) => (p, i)))
        {
            // The value-chain and region variants on the proposals with two value chains (and France), the others on the rest:
            // a proposal's list holds at most ten, so the fewer partnerships made for one, the fewer crowded out of it.
            // In France, only partnerships naming Europe, at finer degrees of rewriting: those listed with text under the
            // prefilter are the ones the region look-up alone must find.
            Band[] bands = proposal.Countries is ["FRA"] ? [Band.ContinentOnly]
                : proposal.ValueChains.Count == 2 ? [Band.ChainAndRegions, Band.ExtraChain, Band.FirstChainOnly]
                : [Band.ChainAndRegions, Band.ChainOnly, Band.RegionsOnly];
            double[] degrees = bands is [Band.ContinentOnly] ? [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5] : [0.0, 0.1, 0.2, 0.3, 0.4, 0.5];
            foreach (var band in bands)
            {
                foreach (var replaced in degrees)
                {
                    drafts.Add((band, proposal, Unrelated(proposal, band, replaced, $"Band {i} {band} {replaced}", random, catalog)));
                }
            }
        }
        var actor = new Actor("equivalence", DateTimeOffset.UtcNow);
        var stored = drafts.Select(d => (d.Band, d.Proposal, Partnership: Partnership.Propose(d.Draft, actor).Partnership)).ToList();
        db.Partnerships.AddRange(stored.Select(s => s.Partnership));
        await db.SaveChangesAsync();
        var bandOf = stored.ToDictionary(s => s.Partnership.Id, s => (s.Band, s.Proposal));

        var counts = new DuplicateCheckCounts();
        var listedInBand = new Dictionary<string, int>();
        var compared = await CompareAsync(db, proposals, counts, (proposal, listed) =>
        {
            // What the check listed of the partnerships made for this proposal, by band and by text similarity.
            foreach (var (candidate, text) in listed.Where(l => bandOf.TryGetValue(l.Candidate.OtherPartnershipId ?? Guid.Empty, out var b) && b.Proposal == proposal))
            {
                var band = bandOf[candidate.OtherPartnershipId!.Value].Band;
                var key = band is Band.ChainAndRegions or Band.ContinentOnly ? $"{band} text {(text < DuplicateCheck.PrefilterSimilarity ? "under" : "at or over")} the prefilter" : $"{band}";
                listedInBand[key] = listedInBand.GetValueOrDefault(key) + 1;
                // Sharing no partner and no country, a partnership is listed only with this much text (the bound the check relies on).
                // (The new bands are made for proposals with two value chains: a Jaccard of 2/3 with one more, 1/2 with the first
                // only, and 1/2 of the regions for Europe alone against France; the first only is left to the text arms.)
                Assert.True(text >= band switch
                {
                    Band.ChainOnly => 0.75,
                    Band.RegionsOnly => 0.875,
                    Band.FirstChainOnly => DuplicateCheck.PrefilterSimilarity,
                    Band.ExtraChain or Band.ContinentOnly => 0.625,
                    _ => 0.5,
                } - 1e-6, $"{band} listed at text {text}");
            }
        });
        var seen = Seen(compared, counts) + "; bands listed: " + string.Join(", ", listedInBand.OrderBy(b => b.Key).Select(b => $"{b.Key} {b.Value}"));
        Assert.True(counts.SimilaritiesAskedWithoutPartnerOrCountry >= 20, seen);
        Assert.True(listedInBand.GetValueOrDefault($"{Band.ChainAndRegions} text under the prefilter") >= 5, seen);
        Assert.True(listedInBand.GetValueOrDefault($"{Band.ChainAndRegions} text at or over the prefilter") >= 5, seen);
        Assert.True(listedInBand.GetValueOrDefault($"{Band.ChainOnly}") >= 5, seen);
        Assert.True(listedInBand.GetValueOrDefault($"{Band.RegionsOnly}") >= 5, seen);
        // Made for a quarter of the proposals, and outranked in their lists of ten by the same value chains and regions.
        Assert.True(listedInBand.GetValueOrDefault($"{Band.ExtraChain}") >= 2, seen);
        Assert.True(listedInBand.GetValueOrDefault($"{Band.FirstChainOnly}") >= 2, seen);
        Assert.True(listedInBand.GetValueOrDefault($"{Band.ContinentOnly} text under the prefilter") >= 2, seen);
    }

    private static string Seen(int compared, DuplicateCheckCounts counts) =>
        $"{compared} listed; {counts.OverlapArm} read by overlap ({counts.OverlapArmWithoutPartnerOrCountry} without a shared partner or country), "
        + $"{counts.TextArm} by text, {counts.ScoredWithoutSimilarities} scored without similarities, {counts.SimilaritiesAsked} asked "
        + $"({counts.SimilaritiesAskedWithoutPartnerOrCountry} without a shared partner or country)";

    /// <summary>
    /// Runs the check for each proposal and compares its list with scoring every partnership with both similarities; hands
    /// <paramref name="inspect"/> each list with each candidate's text similarity. Returns how many partnerships were listed.
    /// </summary>
    private async Task<int> CompareAsync(PartnershipsDbContext db, IEnumerable<PartnershipDraft> proposals, DuplicateCheckCounts counts,
        Action<PartnershipDraft, List<(DuplicateCandidate Candidate, double Text)>> inspect, DuplicateCheckCounts? withoutBound = null)
    {
        var compared = 0;
        foreach (var proposal in proposals)
        {
            var profile = DuplicateCheck.ProfileOf(proposal);
            var listed = await DuplicateCheck.RunAsync(db, Guid.NewGuid(), proposal.Title, proposal.Objective, profile, CancellationToken.None, counts);

            var (everything, initiatives) = await ScoreEveryPartnershipAsync(proposal, profile);
            var expected = everything
                .Select(m => (m.Title, Score: DuplicateScoring.Score(profile, m)?.Score))
                .Where(m => m.Score is not null)
                .Select(m => (Source: CandidateSource.Partnership, m.Title, Score: m.Score!.Value))
                .Concat(initiatives
                    .Select(i => (Title: i.Name, Score: DuplicateScoring.Score(profile, i)?.Score))
                    .Where(i => i.Score is not null)
                    .Select(i => (Source: CandidateSource.ExternalInitiative, i.Title, Score: i.Score!.Value)))
                .OrderByDescending(c => c.Score).ThenBy(c => c.Title, StringComparer.Ordinal)
                .Take(DuplicateCheck.MaxCandidates)
                .ToList();

            Assert.Equal(expected, listed.Select(c => (c.Source, c.Title, c.Score)).ToList());
            // The overlap arm's other shapes (without the upper bound; the bound with similarities in a second round trip) list the
            // same, and so does every statement in one round trip on one connection (the check without a second connection to spare).
            foreach (var (shape, sideBySide) in new[] { (OverlapArmShape.None, true), (OverlapArmShape.UpperBound, true), (OverlapArmShape.Default, false) })
            {
                var other = await DuplicateCheck.RunAsync(db, Guid.NewGuid(), proposal.Title, proposal.Objective, profile, CancellationToken.None,
                    shape == OverlapArmShape.None ? withoutBound : null, armsSideBySide: sideBySide, shape: shape);
                Assert.Equal(expected, other.Select(c => (c.Source, c.Title, c.Score)).ToList());
            }
            compared += expected.Count(c => c.Source == CandidateSource.Partnership);
            var similarities = everything.ToDictionary(m => m.Id, m => Math.Max(m.TitleSimilarity, m.ObjectiveSimilarity));
            inspect(proposal, [.. listed.Where(c => c.OtherPartnershipId is not null).Select(c => (c, similarities[c.OtherPartnershipId!.Value]))]);
        }
        return compared;
    }
    /// <summary>
    /// A partnership sharing no partner and no country with <paramref name="proposal"/>: new partners; countries of its
    /// sub-region it does not name (the same regions) or of another continent; its value chain or another; its objective
    /// with a share of the words replaced; another title.
    /// </summary>
    private static PartnershipDraft Unrelated(PartnershipDraft proposal, Band band, double replaced, string title, Random random, CountryCatalog catalog)
    {
        var subRegion = catalog.Find(proposal.Countries[0])!.SubRegionCode;
        var continent = catalog.Find(proposal.Countries[0])!.RegionCode;
        var regions = catalog.RegionsCovering([proposal.Countries[0]], []);
        string[] countries = band == Band.ChainOnly
            ? [.. catalog.CountriesIn(catalog.Regions.First(r => r.Code != continent).Code).Take(2)]
            : [.. catalog.CountriesIn(subRegion).Except(proposal.Countries).Where(c => catalog.RegionsCovering([c], []).SequenceEqual(regions)).Take(proposal.Countries.Count)];
        var another = Enum.GetValues<ValueChain>().Last(c => !proposal.ValueChains.Contains(c));
        ValueChain[] chains = band switch
        {
            Band.RegionsOnly => [another],
            Band.ExtraChain => [.. proposal.ValueChains, another],
            Band.FirstChainOnly => [proposal.ValueChains[0]],
            _ => [.. proposal.ValueChains],
        };
        var words = proposal.Objective.Split(' ');
        var objective = string.Join(' ', words.Select((word, i) => i % 2 == 1 && random.NextDouble() < replaced * 2 ? Filler[random.Next(Filler.Length)] : word));
        var lead = Guid.NewGuid();
        return proposal with
        {
            Title = title,
            Objective = objective,
            Partners = [new PartnerDraft(lead, "Band lead", PartnerRole.Lead), new PartnerDraft(Guid.NewGuid(), "Band partner", PartnerRole.Implementing)],
            Countries = band == Band.ContinentOnly ? [] : countries,
            Regions = band == Band.ContinentOnly ? [continent] : [],
            CoveredRegions = band == Band.ContinentOnly ? catalog.RegionsCovering([], [continent]) : catalog.RegionsCovering(countries, []),
            ValueChains = chains,
        };
    }

    /// <summary>
    /// Every non-discontinued partnership with both similarities (what the check computed before any prefilter), and every
    /// external initiative with its name's similarity to the title or objective.
    /// </summary>
    private async Task<(List<PartnershipMatch> Partnerships, List<InitiativeMatch> Initiatives)> ScoreEveryPartnershipAsync(PartnershipDraft proposal, DuplicateProfile profile)
    {
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {DuplicateCheck.ProfileColumns}, similarity(p.title, @title), similarity(p.objective, @objective)
            FROM partnerships.partnerships p WHERE p.status <> 'discontinued' AND p.id <> @id;
            SELECT key, name, m49region, greatest(similarity(name, @title), word_similarity(name, @objective))
            FROM partnerships.external_initiatives
            """;
        DuplicateCheck.AddParameters(command.Parameters, null, proposal.Title, proposal.Objective, profile);
        await using var reader = await command.ExecuteReaderAsync();
        var matches = new List<PartnershipMatch>();
        while (await reader.ReadAsync())
        {
            matches.Add(DuplicateCheck.ReadRow(reader).With(reader.GetFloat(7), reader.GetFloat(8)));
        }
        await reader.NextResultAsync();
        var initiatives = new List<InitiativeMatch>();
        while (await reader.ReadAsync())
        {
            initiatives.Add(new InitiativeMatch(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFloat(3)));
        }
        return (matches, initiatives);
    }
}
