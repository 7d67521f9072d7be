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
/// similarities lists: this compares the two on real PostgreSQL, over the labelled pairs and over partnerships made to
/// fall on each side of the bound (the same partners and countries with another text).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DuplicateCheckEquivalenceTests(ServersFixture servers) : PartnershipsApiTest(servers)
{
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
        db.Partnerships.AddRange(stored);
        await db.SaveChangesAsync();

        var compared = 0;
        var withSimilaritiesSkipped = 0;
        var withSimilaritiesAsked = 0;
        foreach (var proposal in pairs.Select(p => p.Proposed).Concat(pairs.Take(40).Select(p => p.Existing)))
        {
            var profile = DuplicateCheck.ProfileOf(proposal);
            var listed = await DuplicateCheck.RunAsync(db, Guid.NewGuid(), proposal.Title, proposal.Objective, profile, CancellationToken.None);

            var everything = await ScoreEveryPartnershipAsync(proposal, profile);
            // Of the partnerships sharing a partner or a country, without a similar text: those the check computes no
            // similarity for, and those it asks PostgreSQL for in its second round trip.
            var overlapOnly = everything.Where(m => (m.Match.Profile.PartnerMemberIds.Intersect(profile.PartnerMemberIds).Any()
                    || m.Match.Profile.Countries.Intersect(profile.Countries).Any())
                && Math.Max(m.Match.TitleSimilarity, m.Match.ObjectiveSimilarity) < DuplicateCheck.PrefilterSimilarity).ToList();
            var needed = DuplicateScoring.OverlapNeededBelow(DuplicateCheck.PrefilterSimilarity);
            withSimilaritiesSkipped += overlapOnly.Count(m => m.Overlap < needed);
            withSimilaritiesAsked += overlapOnly.Count(m => m.Overlap >= needed);
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
        }
        // The comparison says something: many partnerships listed, many the check computed no similarity for, and some
        // it asked similarities for because of their overlap alone.
        Assert.True(compared >= 200, $"{compared} listed");
        Assert.True(withSimilaritiesSkipped >= 500, $"{withSimilaritiesSkipped} scored without similarities");
        Assert.True(withSimilaritiesAsked >= 100, $"{withSimilaritiesAsked} with similarities asked for their overlap");
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
