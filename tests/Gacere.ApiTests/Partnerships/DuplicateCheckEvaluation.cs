extern alias partnerships;

using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using partnerships::Gacere.Partnerships.Data;
using partnerships::Gacere.Partnerships.Domain;
using Gacere.ReferenceData;

namespace Gacere.ApiTests.Partnerships;

/// <summary>
/// Precision and recall of the duplication check on a labelled set of generated proposal pairs. The "existing"
/// side of every pair is stored; each "proposed" side is run through the check against all of them (so
/// near-duplicates compete with every other stored partnership for the listing), and the pair counts as found
/// when its existing side is listed. The table this prints is the one in the README.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DuplicateCheckEvaluation(ServersFixture servers, ITestOutputHelper output) : PartnershipsApiTest(servers)
{
    [Fact]
    public async Task The_check_finds_near_duplicates_and_leaves_distinct_proposals_alone_on_240_labelled_pairs()
    {
        using var scope = Service.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnershipsDbContext>();
        var catalog = scope.ServiceProvider.GetRequiredService<CountryCatalog>();
        var pairs = LabelledPairs.Generate(seed: 20261123, catalog);
        Assert.True(pairs.Count >= 200);

        var actor = new Actor("evaluation", DateTimeOffset.UtcNow);
        var stored = pairs.Select(p => Partnership.Propose(p.Existing, actor).Partnership).ToList();
        db.Partnerships.AddRange(stored);
        await db.SaveChangesAsync();

        var results = new List<(string Kind, bool Duplicate, bool Listed)>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var proposal = pairs[i].Proposed;
            var listed = await DuplicateCheck.RunAsync(db, Guid.NewGuid(), proposal.Title, proposal.Objective, DuplicateCheck.ProfileOf(proposal), CancellationToken.None);
            results.Add((pairs[i].Kind, pairs[i].IsDuplicate, listed.Any(c => c.OtherPartnershipId == stored[i].Id)));
        }

        var truePositives = results.Count(r => r.Duplicate && r.Listed);
        var falsePositives = results.Count(r => !r.Duplicate && r.Listed);
        var falseNegatives = results.Count(r => r.Duplicate && !r.Listed);
        var precision = (double)truePositives / Math.Max(1, truePositives + falsePositives);
        var recall = (double)truePositives / Math.Max(1, truePositives + falseNegatives);

        var table = new StringBuilder();
        table.AppendLine("| pairs | label | count | listed | not listed |");
        table.AppendLine("|---|---|---:|---:|---:|");
        foreach (var kind in results.GroupBy(r => (r.Kind, r.Duplicate)))
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind.Key.Kind} | {(kind.Key.Duplicate ? "duplicate" : "distinct")} | {kind.Count()} | {kind.Count(r => r.Listed)} | {kind.Count(r => !r.Listed)} |");
        }
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| **all** | | {results.Count} | TP {truePositives}, FP {falsePositives} | FN {falseNegatives} |");
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"precision {precision:0.000}, recall {recall:0.000} (threshold {DuplicateScoring.Threshold:0.00})");
        output.WriteLine(table.ToString());

        Assert.True(precision >= 0.95, table.ToString());
        Assert.True(recall >= 0.95, table.ToString());
    }
}

/// <summary>One labelled pair: an existing partnership and a new proposal, and whether the proposal duplicates it.</summary>
internal sealed record LabelledPair(string Kind, bool IsDuplicate, PartnershipDraft Existing, PartnershipDraft Proposed);

/// <summary>
/// Generates the labelled set: near-duplicates by paraphrase, by reordering, by partner swaps, and by all of these
/// with a country changed; distinct proposals that share only a country, and (harder) distinct proposals in the
/// same value chain and sub-region with other partners and another topic.
/// </summary>
internal static class LabelledPairs
{
    private sealed record Topic(ValueChain Chain, string Title, string Objective);

    private static readonly Topic[] Topics =
    [
        new(ValueChain.Textiles, "Textile waste recycling hubs", "Collect post-consumer textile waste, sort it by fibre and recycle it into new yarn, creating jobs for informal waste collectors."),
        new(ValueChain.Textiles, "Sustainable fashion design training", "Train young designers and small garment makers in design for durability, repair services and rental business models for clothing."),
        new(ValueChain.Plastics, "Marine plastic litter prevention", "Stop plastic litter from reaching rivers and the sea by improving municipal waste collection and deposit systems for bottles in coastal towns."),
        new(ValueChain.Plastics, "Single-use plastics phase-out", "Support governments to phase out single-use plastic bags and cutlery through regulation, alternatives for retailers and consumer campaigns."),
        new(ValueChain.Plastics, "Chemical recycling standards", "Agree quality standards and safety rules for chemical recycling plants that turn mixed plastic waste into feedstock."),
        new(ValueChain.Packaging, "Reusable packaging systems for retail", "Pilot refill stations and returnable containers in supermarkets so that shoppers can buy staple foods without throwaway packaging."),
        new(ValueChain.Packaging, "Extended producer responsibility for packaging", "Design extended producer responsibility schemes that make packaging producers pay for the collection and recycling of their packaging."),
        new(ValueChain.ElectronicsIct, "E-waste collection and safe dismantling", "Set up certified collection and safe dismantling of discarded phones and computers, recovering gold, copper and rare earth metals without harming workers."),
        new(ValueChain.ElectronicsIct, "Right to repair for electronics", "Promote repairability standards, spare parts availability and independent repair shops for smartphones, laptops and household appliances."),
        new(ValueChain.ElectronicsIct, "Solar panel end-of-life management", "Prepare collection and recycling systems for the first wave of retired solar panels, recovering glass, silver and silicon."),
        new(ValueChain.BatteriesVehicles, "Lithium-ion battery second life", "Reuse electric vehicle batteries for stationary energy storage in rural mini-grids before they are finally recycled."),
        new(ValueChain.BatteriesVehicles, "End-of-life vehicle recycling", "Modernise the dismantling of old cars and lorries so that steel, aluminium and plastics are recovered and hazardous fluids safely removed."),
        new(ValueChain.ConstructionBuildings, "Construction and demolition waste recovery", "Recover concrete, bricks and timber from demolition sites and use the recycled aggregates in new roads and public buildings."),
        new(ValueChain.ConstructionBuildings, "Circular public procurement for buildings", "Write circular criteria into public tenders for schools and hospitals, favouring reused materials, modular design and long service life."),
        new(ValueChain.FoodWaterNutrients, "Food loss reduction in supply chains", "Cut post-harvest food losses for smallholder farmers with solar cold storage, better packaging and direct links to urban markets."),
        new(ValueChain.FoodWaterNutrients, "Urban organic waste composting", "Divert kitchen and market organic waste from landfills to community composting sites and return the nutrients to urban farms."),
        new(ValueChain.FoodWaterNutrients, "Wastewater reuse in agriculture", "Treat municipal wastewater so that water and phosphorus can be safely reused for irrigation of crops in dry regions."),
        new(ValueChain.Other, "Industrial symbiosis networks", "Connect factories in industrial parks so that the waste heat, by-products and water of one company become inputs for another."),
        new(ValueChain.Other, "Circular economy indicators and data", "Build national capacity to measure material footprint, domestic material consumption and recycling rates for policy making."),
        new(ValueChain.Other, "Green jobs and just transition skills", "Retrain workers from extractive industries and informal waste pickers for decent jobs in repair, recycling and remanufacturing."),
    ];

    /// <summary>Countries by M49 sub-region: Eastern and Western Africa, South America, Western Europe, South-eastern and Southern Asia.</summary>
    private static readonly string[][] CountryGroups =
    [
        ["KEN", "UGA", "TZA", "RWA", "ETH"],
        ["NGA", "GHA", "SEN", "CIV", "BEN"],
        ["CHL", "PER", "COL", "BRA", "ARG"],
        ["DEU", "FRA", "NLD", "BEL", "AUT"],
        ["IDN", "VNM", "THA", "PHL", "MYS"],
        ["IND", "BGD", "LKA", "NPL", "PAK"],
    ];

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["collect"] = "gather", ["collection"] = "pick-up", ["recycle"] = "reprocess", ["recycling"] = "reprocessing", ["waste"] = "discards",
        ["creating"] = "generating", ["jobs"] = "employment", ["train"] = "coach", ["young"] = "emerging", ["support"] = "help",
        ["improving"] = "strengthening", ["cut"] = "lower", ["reuse"] = "repurpose", ["safe"] = "secure", ["promote"] = "advance",
        ["standards"] = "norms", ["new"] = "fresh", ["public"] = "state", ["community"] = "neighbourhood", ["national"] = "country-level",
        ["workers"] = "labourers", ["factories"] = "plants", ["company"] = "firm", ["systems"] = "schemes", ["design"] = "conception",
        ["stop"] = "prevent", ["build"] = "develop", ["measure"] = "track", ["agree"] = "settle", ["pilot"] = "trial",
        ["reduction"] = "cutting", ["recovery"] = "reclaiming", ["management"] = "handling", ["prevention"] = "avoidance", ["training"] = "coaching",
    };

    private static readonly string[] TitleFrames = ["Partnership on {0}", "{0} programme", "Joint initiative for {0}", "{0}: a regional effort"];

    public static IReadOnlyList<LabelledPair> Generate(int seed, CountryCatalog catalog)
    {
        var random = new Random(seed);
        var members = Enumerable.Range(0, 120).Select(_ => Guid.NewGuid()).ToArray();
        var pairs = new List<LabelledPair>();
        PartnershipDraft Draft(Topic topic, string title, string objective, Guid[] partners, string[] countries) =>
            new(title, PartnershipKind.Regional, objective, new DateOnly(2026, 1, 1), new DateOnly(2029, 12, 31),
                [.. partners.Select((id, i) => new PartnerDraft(id, $"Member {id:N}"[..15], i == 0 ? PartnerRole.Lead : PartnerRole.Implementing))],
                countries, [], catalog.RegionsCovering(countries, []), [topic.Chain], ["12.5"],
                [new DeliverableDraft("Pilot", new DateOnly(2027, 6, 30), "sites running")], [new ResourceDraft(ResourceType.Staff, "staff", null, null)]);
        Guid[] Partners(int count, IEnumerable<Guid>? avoid = null) =>
            [.. members.Except(avoid ?? []).OrderBy(_ => random.Next()).Take(count)];
        string[] Countries(string[] group, int count) => [.. group.OrderBy(_ => random.Next()).Take(count)];

        foreach (var kind in new[] { "paraphrase", "reordering", "partner swap", "paraphrase, swap and a country changed" })
        {
            for (var i = 0; i < 30; i++)
            {
                var topic = Topics[random.Next(Topics.Length)];
                var group = CountryGroups[random.Next(CountryGroups.Length)];
                var partners = Partners(random.Next(2, 5));
                var countries = Countries(group, random.Next(2, 4));
                var existing = Draft(topic, topic.Title, topic.Objective, partners, countries);
                var proposed = kind switch
                {
                    "paraphrase" => Draft(topic, Paraphrase(topic.Title, random, frame: true), Paraphrase(topic.Objective, random, frame: false),
                        [partners[0], .. partners.Skip(1).Reverse()], countries),
                    "reordering" => Draft(topic, Reorder(topic.Title), RotateClauses(topic.Objective),
                        [partners[0], .. partners.Skip(1).Reverse()], [.. countries.Reverse()]),
                    "partner swap" => Draft(topic, topic.Title, topic.Objective,
                        random.Next(2) == 0 ? [partners[0], .. Partners(partners.Length - 1, partners)] : [.. Partners(1, partners), .. partners.Skip(1)], countries),
                    _ => Draft(topic, Paraphrase(topic.Title, random, frame: true), RotateClauses(Paraphrase(topic.Objective, random, frame: false)),
                        [partners[0], .. Partners(partners.Length - 1, partners)], [.. countries.Skip(1), group.Except(countries).First()]),
                };
                pairs.Add(new LabelledPair(kind, true, existing, proposed));
            }
        }

        for (var i = 0; i < 60; i++)
        {
            var topic = Topics[random.Next(Topics.Length)];
            var group = random.Next(CountryGroups.Length);
            var partners = Partners(random.Next(2, 5));
            var countries = Countries(CountryGroups[group], 3);
            var other = Topics.Where(t => t != topic).OrderBy(_ => random.Next()).First();
            var elsewhere = CountryGroups[(group + 1 + random.Next(CountryGroups.Length - 1)) % CountryGroups.Length];
            pairs.Add(new LabelledPair("sharing only a country", false, Draft(topic, topic.Title, topic.Objective, partners, countries),
                Draft(other, other.Title, other.Objective, Partners(random.Next(2, 5), partners), [countries[random.Next(3)], .. Countries(elsewhere, 2)])));
        }
        for (var i = 0; i < 60; i++)
        {
            var topic = Topics[random.Next(Topics.Length)];
            var group = CountryGroups[random.Next(CountryGroups.Length)];
            var partners = Partners(random.Next(2, 5));
            var countries = Countries(group, 2);
            var sibling = Topics.Where(t => t != topic && t.Chain == topic.Chain).OrderBy(_ => random.Next()).First();
            pairs.Add(new LabelledPair("same value chain and sub-region, other topic", false, Draft(topic, topic.Title, topic.Objective, partners, countries),
                Draft(sibling, sibling.Title, sibling.Objective, Partners(random.Next(2, 5), partners), [.. group.Except(countries).Take(2)])));
        }
        return pairs;
    }

    /// <summary>Swaps about half the words that have a synonym, and puts a title in another frame.</summary>
    private static string Paraphrase(string text, Random random, bool frame)
    {
        var words = text.Split(' ').Select(word =>
        {
            var bare = word.TrimEnd(',', '.');
            return Synonyms.TryGetValue(bare, out var synonym) && random.Next(100) < 60 ? synonym + word[bare.Length..] : word;
        });
        var paraphrased = string.Join(' ', words);
        return frame ? string.Format(CultureInfo.InvariantCulture, TitleFrames[random.Next(TitleFrames.Length)], paraphrased.ToLowerInvariant()) : paraphrased;
    }

    /// <summary>"Textile waste recycling hubs" → "Hubs for textile waste recycling": the last word first.</summary>
    private static string Reorder(string title)
    {
        var words = title.Split(' ');
        return $"{char.ToUpperInvariant(words[^1][0])}{words[^1][1..]} for {string.Join(' ', words[..^1]).ToLowerInvariant()}";
    }

    /// <summary>Moves the objective's first clause to the end.</summary>
    private static string RotateClauses(string objective)
    {
        var clauses = objective.TrimEnd('.').Split(", ");
        return clauses.Length < 2 ? objective : string.Join(", ", clauses[1..].Append(clauses[0].ToLowerInvariant())) + ".";
    }
}
