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

    private enum Band { ChainAndRegions, ChainOnly, RegionsOnly }

    [Fact]
    public async Task The_check_lists_what_scoring_every_partnership_with_both_similarities_lists()
    {
        using var scope = Service.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnershipsDbContext>();
        var catalog = scope.ServiceProvider.GetRequiredService<CountryCatalog>();
        var pairs = LabelledPairs.Generate(seed: 20261124, catalog);
        var actor = new Actor("equivalence", DateTimeOffset.UtcNow);
        var random = new Random(20261124);
        // Each pair's stored side, and the same partners, countries and regions with the text of another pair: high overlap,
        // low text similarity, so that some partnerships need their similarities and some do not.
        var drafts = pairs.Select(p => p.Existing)
            .Concat(pairs.Select((p, i) => p.Existing with { Title = pairs[(i + 7) % pairs.Count].Existing.Title, Objective = pairs[(i + 7) % pairs.Count].Existing.Objective }))
            .ToList();
        // For the first 40 proposals, partnerships sharing no partner and no country with it, in each band, with its objective
        // rewritten (a share of its words replaced) and another pair's title.
        var bands = new Dictionary<int, (Band Band, PartnershipDraft Proposal)>();
        foreach (var (pair, i) in pairs.Take(40).Select((p, i) => (p, i)))
        {
            foreach (var band in Enum.GetValues<Band>())
            {
                foreach (var replaced in new[] { 0.0, 0.12, 0.25, 0.4 })
                {
                    bands[drafts.Count] = (band, pair.Proposed);
                    drafts.Add(Unrelated(pair.Proposed, band, replaced, pairs[(i + 13) % pairs.Count].Existing.Title, random, catalog));
                }
            }
        }
        var stored = drafts.Select(draft => Partnership.Propose(draft, actor).Partnership).ToList();
        db.Partnerships.AddRange(stored);
        await db.SaveChangesAsync();
        var bandOf = bands.ToDictionary(b => stored[b.Key].Id, b => b.Value);

        var compared = 0;
        var counts = new DuplicateCheckCounts();
        var listedInBand = new Dictionary<string, int>();
        foreach (var proposal in pairs.Select(p => p.Proposed).Concat(pairs.Take(40).Select(p => p.Existing)))
        {
            var profile = DuplicateCheck.ProfileOf(proposal);
            var listed = await DuplicateCheck.RunAsync(db, Guid.NewGuid(), proposal.Title, proposal.Objective, profile, CancellationToken.None, counts);

            var everything = await ScoreEveryPartnershipAsync(proposal, profile);
            var expected = everything
                .Select(m => (m.Match.Title, Score: DuplicateScoring.Score(profile, m.Match)?.Score))
                .Where(m => m.Score is not null)
                .Select(m => (Source: CandidateSource.Partnership, m.Title, Score: m.Score!.Value))
                .Concat(listed.Where(c => c.Source == CandidateSource.ExternalInitiative).Select(c => (c.Source, c.Title, c.Score)))
                .OrderByDescending(c => c.Score).ThenBy(c => c.Title, StringComparer.Ordinal)
                .Take(DuplicateCheck.MaxCandidates)
                .ToList();

            Assert.Equal(expected, listed.Select(c => (c.Source, c.Title, c.Score)).ToList());
            compared += expected.Count(c => c.Source == CandidateSource.Partnership);
            // What the check listed of the band partnerships made for this proposal, by band and by text similarity.
            var similarities = everything.ToDictionary(m => m.Match.Id, m => Math.Max(m.Match.TitleSimilarity, m.Match.ObjectiveSimilarity));
            foreach (var candidate in listed.Where(c => c.OtherPartnershipId is { } id && bandOf.TryGetValue(id, out var b) && b.Proposal == proposal))
            {
                var (band, text) = (bandOf[candidate.OtherPartnershipId!.Value].Band, similarities[candidate.OtherPartnershipId!.Value]);
                var key = band == Band.ChainAndRegions ? $"{band} text {(text < DuplicateCheck.PrefilterSimilarity ? "under" : "at or over")} the prefilter" : $"{band}";
                listedInBand[key] = listedInBand.GetValueOrDefault(key) + 1;
                // Sharing no partner and no country, a partnership is listed only with this much text (the bound the check relies on).
                Assert.True(text >= band switch { Band.ChainAndRegions => 0.5, Band.ChainOnly => 0.75, _ => 0.875 } - 1e-6, $"{band} listed at text {text}");
            }
        }
        // The comparison says something: many partnerships listed; many the check scored without similarities; some it asked
        // similarities for because of their overlap alone, among them partnerships sharing no partner or country (found by
        // regions and value chains); and in every band, partnerships the check listed.
        var seen = $"{compared} listed; {counts.OverlapArm} read by overlap ({counts.OverlapArmWithoutPartnerOrCountry} without a shared partner or country), "
            + $"{counts.TextArm} by text, {counts.ScoredWithoutSimilarities} scored without similarities, {counts.SimilaritiesAsked} asked "
            + $"({counts.SimilaritiesAskedWithoutPartnerOrCountry} without a shared partner or country); bands listed: "
            + string.Join(", ", listedInBand.OrderBy(b => b.Key).Select(b => $"{b.Key} {b.Value}"));
        Assert.True(compared >= 200, seen);
        Assert.True(counts.ScoredWithoutSimilarities >= 500, seen);
        Assert.True(counts.SimilaritiesAsked >= 100, seen);
        Assert.True(counts.SimilaritiesAskedWithoutPartnerOrCountry >= 20, seen);
        Assert.True(counts.OverlapArmWithoutPartnerOrCountry >= counts.SimilaritiesAskedWithoutPartnerOrCountry, seen);
        Assert.True(listedInBand.GetValueOrDefault($"{Band.ChainAndRegions} text under the prefilter") >= 5, seen);
        Assert.True(listedInBand.GetValueOrDefault($"{Band.ChainAndRegions} text at or over the prefilter") >= 5, seen);
        Assert.True(listedInBand.GetValueOrDefault($"{Band.ChainOnly}") >= 5, seen);
        Assert.True(listedInBand.GetValueOrDefault($"{Band.RegionsOnly}") >= 5, seen);
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
        ValueChain[] chains = band == Band.RegionsOnly ? [Enum.GetValues<ValueChain>().First(c => !proposal.ValueChains.Contains(c))] : [.. proposal.ValueChains];
        var words = proposal.Objective.Split(' ');
        var objective = string.Join(' ', words.Select((word, i) => i % 2 == 1 && random.NextDouble() < replaced * 2 ? Filler[random.Next(Filler.Length)] : word));
        var lead = Guid.NewGuid();
        return proposal with
        {
            Title = title,
            Objective = objective,
            Partners = [new PartnerDraft(lead, "Band lead", PartnerRole.Lead), new PartnerDraft(Guid.NewGuid(), "Band partner", PartnerRole.Implementing)],
            Countries = countries,
            Regions = [],
            CoveredRegions = catalog.RegionsCovering(countries, []),
            ValueChains = chains,
        };
    }

    /// <summary>Every non-discontinued partnership with both similarities: what the check computed before any prefilter.</summary>
    private async Task<List<(PartnershipMatch Match, double Overlap)>> ScoreEveryPartnershipAsync(PartnershipDraft proposal, DuplicateProfile profile)
    {
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {DuplicateCheck.ProfileColumns}, similarity(p.title, @title), similarity(p.objective, @objective)
            FROM partnerships.partnerships p WHERE p.status <> 'discontinued' AND p.id <> @id
            """;
        DuplicateCheck.AddParameters(command.Parameters, null, proposal.Title, proposal.Objective, profile);
        await using var reader = await command.ExecuteReaderAsync();
        var matches = new List<(PartnershipMatch, double)>();
        while (await reader.ReadAsync())
        {
            var row = DuplicateCheck.ReadRow(reader);
            matches.Add((row.With(reader.GetFloat(7), reader.GetFloat(8)), DuplicateScoring.OverlapScore(profile, row.Profile)));
        }
        return matches;
    }
}
