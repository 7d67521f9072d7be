using Gacere.Partnerships.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Gacere.ReferenceData;
using Gacere.ServiceDefaults;

namespace Gacere.Partnerships.Data;

/// <summary>
/// Compares a proposal with every other non-discontinued partnership and with the external initiatives, in
/// PostgreSQL: pg_trgm's <c>similarity</c> for title and objective, the initiative's name against both with
/// <c>word_similarity</c>. <see cref="DuplicateScoring"/> weighs the overlaps and ranks.
/// </summary>
public static class DuplicateCheck
{
    /// <summary>
    /// pg_trgm's <c>similarity_threshold</c> for the text arms' <c>%</c> (<see cref="TitleArmSql"/>, <see cref="ObjectiveArmSql"/>):
    /// a partnership outside them has both similarities under it, so it needs at least
    /// <see cref="DuplicateScoring.OverlapNeededBelow"/> of it in overlaps to be listed. The higher, the less the objective's
    /// trigram index scan reads and hands to the heap to recheck (on the benchmark's data 20 rows per proposal kept at 0.7, 30
    /// at 0.68, 100 at 0.6, thousands at 0.49) and the more partnerships sharing no partner or country the overlap arm must
    /// read and compute similarities for (<see cref="OverlapArmSql"/>; 310 per proposal at 0.7, 183 at 0.68, 18 at 0.6). The
    /// objective arm runs on the second connection, the overlap arm with the title arm on the first. Before the region and
    /// value-chain look-up could ask for every item (<see cref="DuplicateScoring.JaccardLookup"/>), the two round trips weighed
    /// about the same at 0.68 (the benchmark's <c>--profile</c> of 2026-11-24, sixth session: 23.8 and 20.8 ms at p50; at 0.65,
    /// 20.8 and 25.2; at 0.7 the first the longer by about 12 ms, estimated from the arms alone). Since then the first is the
    /// shorter (16.7 against 19.8 ms), which a higher threshold would even out, but 0.68 is also just under 0.6875, from which a
    /// partnership holding one of a proposal's two value chains (a Jaccard of 0.5) can reach the overlap needed, and the
    /// look-up could no longer ask for both: the gain of the look-up would be gone. The look-up holds its shape only
    /// below 0.75: from there a shared value chain alone (weight 0.15) reaches the overlap needed, no region is required, and
    /// the region/value-chain look-up has nothing to look up by (<see cref="DuplicateScoring.SharedByAnyJaccardAbove"/> refuses it).
    /// </summary>
    public const double PrefilterSimilarity = 0.68;

    /// <summary>The session settings the check's arms run under (see <see cref="FirstRoundTrip"/> and <see cref="SecondRoundTrip"/>), and their reset.</summary>
    public static readonly string SessionSetup =
        $"SET pg_trgm.similarity_threshold = {PrefilterSimilarity.ToString(System.Globalization.CultureInfo.InvariantCulture)}; SET enable_seqscan = off; ";

    /// <inheritdoc cref="SessionSetup"/>
    public const string SessionReset = "RESET enable_seqscan";

    /// <summary>
    /// How many checks of this process may hold a second connection at once (<see cref="ObjectiveArmOnSecondConnectionAsync"/>); a
    /// check beyond them sends every statement in one round trip on its one connection. Without the cap, as many checks at
    /// once as the pool has connections could each hold one and wait for a second until the pool's timeout; with it, at
    /// most this many ever wait for a second, and the others never wait while holding one. Well under Npgsql's default
    /// pool of 100.
    /// </summary>
    public const int SideBySideLimit = 8;

    private static readonly SemaphoreSlim SecondConnections = new(SideBySideLimit, SideBySideLimit);

    /// <summary>At most this many candidates are listed, best first.</summary>
    public const int MaxCandidates = 10;

    /// <summary>
    /// Compares the proposal with every other non-discontinued partnership that could score <see cref="DuplicateScoring.Threshold"/>
    /// or more, and with the external initiatives; lists the best <see cref="MaxCandidates"/>. <paramref name="counts"/>, when
    /// given, is told how many partnerships each step read and for how many it computed similarities.
    /// <paramref name="armsSideBySide"/> false sends every statement in one round trip on the context's connection (the benchmark compares the two).
    /// </summary>
    /// <remarks>
    /// Score before ranking. A partnership reaches the threshold only through its overlaps
    /// (<see cref="DuplicateScoring.OverlapScore"/>: partners, lead, countries, regions, value chains) plus
    /// <see cref="DuplicateScoring.TextWeight"/> × its text similarity. Three arms find the partnerships to look at, each
    /// served by GIN indexes. The text arms (<see cref="TitleArmSql"/>, <see cref="ObjectiveArmSql"/>): those whose title or
    /// objective is trigram similar, <c>%</c> at <see cref="PrefilterSimilarity"/> (0.68), similarities computed: a few. Any
    /// other partnership has both similarities under 0.68, so it is listed only if its overlap is at least
    /// <see cref="DuplicateScoring.OverlapNeededBelow"/>(0.68) = 0.45 − 0.40 × 0.68 = 0.178. The overlap arm
    /// (<see cref="OverlapArmSql"/>) holds every partnership that can have that much:
    /// those sharing a partner or a country (about a thousand of 20,000), and of the others, whose overlap is only
    /// 0.10 × Jaccard(regions) + 0.15 × Jaccard(value chains) (the lead is a partner), those with both Jaccards high
    /// enough: regions at least (0.178 − 0.15) / 0.10 = 0.28 and value chains at least (0.178 − 0.10) / 0.15 = 0.52
    /// (<see cref="DuplicateScoring.JaccardNeededWithoutPartnerOrCountry"/>), found through GIN <c>&amp;&amp;</c> on a few
    /// of the proposal's regions and value chains of which every such partnership shares one
    /// (<see cref="DuplicateScoring.SharedByAnyJaccardAbove"/>, rarest regions first), or <c>@&gt;</c> on all of them when it
    /// must share them all (<see cref="DuplicateScoring.JaccardLookup"/>: a proposal's two value chains), then kept only where the weighted
    /// Jaccards, computed in SQL as the scoring computes them, reach 0.178: on the benchmark's data about 183 kept per
    /// proposal. Of those sharing a partner or a country, the arm keeps only those whose
    /// <see cref="DuplicateScoring.OverlapUpperBound"/> (from the stored columns, departed partners included; proof there)
    /// reaches 0.178 (<see cref="OverlapUpperBoundSql"/>): on the benchmark's data about 80 rows per proposal come to the
    /// client rather than about 1,000. With <see cref="OverlapArmShape.Default"/> the arm also computes both similarities of the rows it
    /// returns. The overlap arm's overlaps are scored exactly here, and those not in a text arm whose overlap is at least
    /// 0.178 are scored with their similarities (computed by the arm, or with <see cref="OverlapArmShape.UpperBound"/> alone in a
    /// later, small round trip); the rest cannot reach the threshold. <paramref name="shape"/> is for the benchmark's comparison. So every partnership the check
    /// listed when it computed both similarities for every partnership is still scored with them, and nothing else changes
    /// (<c>DuplicateScoringTests</c> holds the bounds, <c>DuplicateCheckEquivalenceTests</c> compares with scoring every
    /// partnership on real PostgreSQL, in each band: a shared partner or country, regions and value chains only; and every
    /// shape and the one-round-trip path with it).
    /// Two round trips run at the same time: the overlap and title arms on the context's connection
    /// (<see cref="FirstRoundTrip"/>), the objective arm and the external initiatives on a second pooled connection of the
    /// same data source (<see cref="ObjectiveArmOnSecondConnectionAsync"/>), so the check takes about the longer round trip
    /// rather than both; the objective's trigram index scan is the largest single part, so the title arm goes with the
    /// overlap arm to even the two. The cost: one more connection from the pool per check (at most <see cref="SideBySideLimit"/>
    /// checks at once; the others send every statement in one round trip on their one connection), for the length of the objective arm.
    /// </remarks>
    public static async Task<IReadOnlyList<DuplicateCandidate>> RunAsync(
        PartnershipsDbContext db, Guid? partnershipId, string title, string objective, DuplicateProfile proposal, CancellationToken cancellationToken,
        DuplicateCheckCounts? counts = null, bool armsSideBySide = true, OverlapArmShape shape = OverlapArmShape.Default)
    {
        var candidates = new List<DuplicateCandidate>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }
        var sideBySide = armsSideBySide && SecondConnections.Wait(0);
        try
        {
            // The objective arm and the external initiatives on a second pooled connection of the same data source, while the
            // overlap and title arms run on the context's: the two round trips run side by side, so the check takes about the
            // longer. Without a second connection to spare (SecondConnections), or with armsSideBySide false (the benchmark's
            // comparison), every statement goes in one round trip on the context's connection.
            using var objectiveCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var objectiveArm = sideBySide ? ObjectiveArmOnSecondConnectionAsync(connection, partnershipId, title, objective, proposal, objectiveCancel.Token) : null;
            var overlapping = new List<(PartnershipRow Row, double Overlap)>();
            var withSimilarities = new Dictionary<Guid, (float Title, float Objective)>();
            var matches = new Dictionary<Guid, PartnershipMatch>();
            try
            {
                await using var first = connection.CreateCommand();
                first.CommandText = FirstRoundTrip(proposal, shape, withObjectiveArm: objectiveArm is null);
                AddParameters(first.Parameters, partnershipId, title, objective, proposal);
                await using var reader = await first.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var row = ReadRow(reader);
                    overlapping.Add((row, DuplicateScoring.OverlapScore(proposal, row.Profile)));
                    if (shape.HasFlag(OverlapArmShape.Similarities))
                    {
                        withSimilarities[row.Id] = (reader.GetFloat(7), reader.GetFloat(8));
                    }
                }
                await NextResultAsync(reader, cancellationToken);
                await ReadMatchesAsync(reader, matches, cancellationToken);
                if (objectiveArm is null)
                {
                    await NextResultAsync(reader, cancellationToken);
                    await ReadMatchesAsync(reader, matches, cancellationToken);
                    await NextResultAsync(reader, cancellationToken);
                    await ReadInitiativesAsync(reader, proposal, candidates, cancellationToken);
                }
            }
            catch when (objectiveArm is not null)
            {
                // The first round trip failed: stop the objective arm rather than wait for it, and let its connection go back
                // to the pool before the failure is answered. Its own outcome (cancelled, or failed too) adds nothing.
                await objectiveCancel.CancelAsync();
                await ((Task)objectiveArm).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }
            if (objectiveArm is not null)
            {
                var (objectiveMatches, initiatives) = await objectiveArm;
                foreach (var (id, match) in objectiveMatches)
                {
                    matches.TryAdd(id, match); // a row similar by title and by objective came from both arms, the same
                }
                candidates.AddRange(initiatives);
            }

            var needed = DuplicateScoring.OverlapNeededBelow(PrefilterSimilarity);
            var reachable = overlapping.Where(o => o.Overlap >= needed && !matches.ContainsKey(o.Row.Id)).Select(o => o.Row).ToDictionary(r => r.Id);
            if (counts is not null)
            {
                counts.TextArm += matches.Count;
                counts.OverlapArm += overlapping.Count;
                counts.OverlapArmWithoutPartnerOrCountry += overlapping.Count(o => !SharesPartnerOrCountry(proposal, o.Row.Profile));
                counts.ScoredWithoutSimilarities += overlapping.Count(o => o.Overlap < needed && !matches.ContainsKey(o.Row.Id));
                counts.SimilaritiesAsked += reachable.Count;
                counts.SimilaritiesAskedWithoutPartnerOrCountry += reachable.Values.Count(r => !SharesPartnerOrCountry(proposal, r.Profile));
            }
            if (shape.HasFlag(OverlapArmShape.Similarities))
            {
                // The overlap arm computed them already: no second round trip.
                foreach (var row in reachable.Values)
                {
                    var (titleSimilarity, objectiveSimilarity) = withSimilarities[row.Id];
                    matches[row.Id] = row.With(titleSimilarity, objectiveSimilarity);
                }
            }
            else if (reachable.Count > 0)
            {
                await using var similarities = connection.CreateCommand();
                similarities.CommandText = SimilaritiesSql;
                similarities.Parameters.AddWithValue("ids", reachable.Keys.ToArray());
                similarities.Parameters.AddWithValue("title", title);
                similarities.Parameters.AddWithValue("objective", objective);
                await using var reader = await similarities.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var id = reader.GetGuid(0);
                    matches[id] = reachable[id].With(reader.GetFloat(1), reader.GetFloat(2));
                }
            }

            foreach (var match in matches.Values)
            {
                if (DuplicateScoring.Score(proposal, match) is { } scored)
                {
                    candidates.Add(Candidate(CandidateSource.Partnership, match.Id, null, match.Title, scored));
                }
            }
        }
        finally
        {
            if (sideBySide)
            {
                SecondConnections.Release();
            }
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
        return [.. candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Title, StringComparer.Ordinal).Take(MaxCandidates)];
    }

    /// <summary>
    /// The objective arm (<see cref="ObjectiveArmSql"/>) and the external initiatives, on a connection of its own: a clone of
    /// <paramref name="connection"/> (the same data source, so a pooled connection), opened for this and returned to the pool
    /// after. The cost of running the round trips side by side: one more pooled connection held for the length of the
    /// objective arm per check. Both connections read committed data (the check runs outside any transaction), so the arms
    /// see what they saw as one round trip, bar a commit landing between them, which one round trip's statements could see as well.
    /// </summary>
    private static async Task<(Dictionary<Guid, PartnershipMatch> Matches, List<DuplicateCandidate> Initiatives)> ObjectiveArmOnSecondConnectionAsync(
        NpgsqlConnection connection, Guid? partnershipId, string title, string objective, DuplicateProfile proposal, CancellationToken cancellationToken)
    {
        await using var second = (NpgsqlConnection)((ICloneable)connection).Clone();
        await second.OpenAsync(cancellationToken);
        var matches = new Dictionary<Guid, PartnershipMatch>();
        var initiatives = new List<DuplicateCandidate>();
        await using var command = second.CreateCommand();
        command.CommandText = SecondRoundTrip;
        AddTextParameters(command.Parameters, partnershipId, title, objective, proposal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await ReadMatchesAsync(reader, matches, cancellationToken);
        await NextResultAsync(reader, cancellationToken);
        await ReadInitiativesAsync(reader, proposal, initiatives, cancellationToken);
        return (matches, initiatives);
    }

    /// <summary>
    /// Moves to a round trip's next result, which its statements promise (<see cref="FirstRoundTrip"/>,
    /// <see cref="SecondRoundTrip"/>): were the statements and the reading ever to part, an arm's rows would be lost without a word.
    /// </summary>
    private static async Task NextResultAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.NextResultAsync(cancellationToken))
        {
            throw new InvalidOperationException("The duplication check's round trip returned fewer results than it has statements that return rows.");
        }
    }

    /// <summary>The rows of a text arm (<see cref="TitleArmSql"/>, <see cref="ObjectiveArmSql"/>), with both similarities.</summary>
    private static async Task ReadMatchesAsync(NpgsqlDataReader reader, Dictionary<Guid, PartnershipMatch> matches, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = ReadRow(reader);
            matches[row.Id] = row.With(reader.GetFloat(7), reader.GetFloat(8));
        }
    }

    /// <summary>The external initiatives (<see cref="InitiativesSql"/>) that score, as candidates.</summary>
    private static async Task ReadInitiativesAsync(NpgsqlDataReader reader, DuplicateProfile proposal, List<DuplicateCandidate> candidates, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            var match = new InitiativeMatch(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFloat(3));
            if (DuplicateScoring.Score(proposal, match) is { } scored)
            {
                candidates.Add(Candidate(CandidateSource.ExternalInitiative, null, match.Key, match.Name, scored));
            }
        }
    }

    /// <summary>
    /// A partnership's columns the check compares: id, title, its lead unless it left (<c>needs_new_lead</c>), its partners
    /// still taking part, countries, covered regions, value chains. A partner whose role ended (it left the Alliance) is no
    /// longer a partner: a lead who left is no "same lead", and only partners still taking part count as shared; only the
    /// few partnerships sharing a partner with the proposal need that look-up (the departed partners of the others cannot
    /// overlap).
    /// </summary>
    public static readonly string ProfileColumns = $"""
        p.id, p.title, CASE WHEN p.needs_new_lead THEN NULL ELSE p.lead_member_id END,
        CASE WHEN p.partner_member_ids && @partners
             THEN ARRAY(SELECT pa.member_id FROM {PartnershipsDbContext.Schema}.partners pa
                        WHERE pa.partnership_id = p.id AND pa.ended_at IS NULL)
             ELSE p.partner_member_ids END,
        p.countries, p.covered_regions, p.value_chains
        """;

    /// <summary>
    /// The non-discontinued partnerships sharing a partner or a country with the proposal, or holding what
    /// <see cref="RegionLookup"/> asks of <c>@regions</c> and <see cref="ChainLookup"/> of <c>@chains</c> (one of them, or all
    /// of them with <c>@&gt;</c>: what every partnership whose overlap without a shared partner or country can reach the
    /// bound holds, see <see cref="DuplicateScoring.JaccardLookup"/>) with region and value-chain
    /// Jaccards that reach <c>@overlapNeeded</c> (<see cref="RegionAndChainOverlapSql"/>), without any text similarity.
    /// One arm per GIN index, each reading its rows' columns in its own bitmap heap scan, as a UNION ALL of disjoint arms
    /// (the country arm leaves out those sharing a partner, the region and value-chain arm those sharing either): no
    /// duplicate to remove and no join. Written as one WHERE with OR, PostgreSQL scanned the table; as a UNION of ids joined
    /// back to the table, it read the whole primary key (a Hash Join over all 18,034 non-discontinued rows, about 10 ms
    /// of the arm's 31 ms in a loaded plan) to keep about 1,200.
    /// </summary>
    public static string OverlapArmSql(DuplicateProfile proposal, OverlapArmShape shape = OverlapArmShape.Default)
    {
        var bound = shape.HasFlag(OverlapArmShape.UpperBound) ? $"AND {OverlapUpperBoundSql(proposal)} >= @overlapBound " : "";
        var columns = shape.HasFlag(OverlapArmShape.Similarities) ? $"{ProfileColumns}, {Similarities}" : ProfileColumns;
        return $"""
        SELECT {columns}
        FROM {PartnershipsDbContext.Schema}.partnerships p
        WHERE p.partner_member_ids && @partners {bound}AND {Undiscontinued}
        UNION ALL
        SELECT {columns}
        FROM {PartnershipsDbContext.Schema}.partnerships p
        WHERE p.countries && @countries AND NOT (p.partner_member_ids && @partners)
          {bound}AND {Undiscontinued}
        UNION ALL
        SELECT {columns}
        FROM {PartnershipsDbContext.Schema}.partnerships p
        WHERE p.covered_regions {Operator(RegionLookup(proposal))} @regions AND p.value_chains {Operator(ChainLookup(proposal))} @chains
          AND NOT (p.partner_member_ids && @partners) AND NOT (p.countries && @countries)
          AND {RegionAndChainOverlapSql(proposal)} >= @overlapNeeded AND {Undiscontinued}
        """;
    }

    private const string Similarities = "similarity(p.title, @title), similarity(p.objective, @objective)";

    /// <summary>
    /// The proposal's regions (<c>@regions</c>) every partnership sharing no partner or country that can reach the overlap
    /// needed shares one of, or all of (<see cref="DuplicateScoring.JaccardLookup"/>), regions spanning the fewest countries
    /// first (a sub-region before its continent), so the index reads little.
    /// </summary>
    private static (string[] Items, bool All) RegionLookup(DuplicateProfile proposal) =>
        DuplicateScoring.JaccardLookup(proposal.CoveredRegions, JaccardNeeded.Regions, RarestRegionsFirst);

    /// <summary>
    /// The same for value chains (<c>@chains</c>). A proposal with two value chains: at 0.68 a partnership needs a value-chain
    /// Jaccard of 0.52, so both; <c>@&gt;</c> reads the partnerships holding both, not every one holding either.
    /// </summary>
    private static (string[] Items, bool All) ChainLookup(DuplicateProfile proposal) =>
        DuplicateScoring.JaccardLookup(proposal.ValueChains, JaccardNeeded.ValueChains, codes => codes.Order(StringComparer.Ordinal));

    private static readonly (double Regions, double ValueChains) JaccardNeeded =
        DuplicateScoring.JaccardNeededWithoutPartnerOrCountry(DuplicateScoring.OverlapNeededBelow(PrefilterSimilarity));

    /// <summary>GIN's array operator for a look-up: <c>@&gt;</c> (holds all) or <c>&amp;&amp;</c> (holds any).</summary>
    private static string Operator((string[] Items, bool All) lookup) => lookup.All ? "@>" : "&&";

    /// <summary>Every arm's own condition: not discontinued, not the proposal itself.</summary>
    private const string Undiscontinued = "p.status <> 'discontinued' AND p.id <> @id";

    /// <summary>
    /// <see cref="DuplicateScoring.OverlapScore"/> of a partnership <c>p</c> sharing no partner or country, as SQL: the weighted
    /// Jaccards of its covered regions and value chains with the proposal's, counted as it counts them (distinct shared items
    /// over both lengths less the shared). Only where both share one (the GIN conditions before it), so no denominator is 0.
    /// The shared items are counted as one <c>= ANY</c> test per distinct item of the proposal (<c>@cr0</c>, <c>@cr1</c>…,
    /// <c>@vc0</c>…, see <see cref="AddParameters"/>), a plain expression: as a set operation on the two arrays
    /// (<c>unnest … INTERSECT unnest …</c>) it was four sub-plans per row, about 37 ms of a loaded plan over 878 rows.
    /// </summary>
    private static string RegionAndChainOverlapSql(DuplicateProfile proposal) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"({DuplicateScoring.RegionWeight} * {Jaccard("p.covered_regions", RegionParameter, proposal.CoveredRegions)} + {DuplicateScoring.ValueChainWeight} * {Jaccard("p.value_chains", ChainParameter, proposal.ValueChains)})");

    private const string RegionParameter = "cr", ChainParameter = "vc", PartnerParameter = "pt", CountryParameter = "ct";

    /// <summary>
    /// <see cref="DuplicateScoring.OverlapUpperBound"/> of a partnership <c>p</c> as SQL, from its stored columns (no look-up
    /// of its partners still taking part): the distinct proposal partners in <c>partner_member_ids</c> over the proposal's
    /// partner count, the countries shared over the longer list, the weighted Jaccards of regions and value chains and the
    /// same lead unless it left, each counted as the scoring counts it (see that method's proof that it is an upper bound of
    /// <see cref="DuplicateScoring.OverlapScore"/> of the partnership's active partners). The overlap arm's partner and
    /// country arms keep only rows where it reaches <c>@overlapBound</c>: the others cannot reach
    /// <see cref="DuplicateScoring.OverlapNeededBelow"/>, so the check dropped them after reading them anyway.
    /// </summary>
    private static string OverlapUpperBoundSql(DuplicateProfile proposal)
    {
        var partners = proposal.PartnerMemberIds.Length == 0 ? "0"
            : $"{Weight(DuplicateScoring.PartnerWeight)} * ({Shared("p.partner_member_ids", PartnerParameter, proposal.PartnerMemberIds.Distinct().Count())}::float8 / {proposal.PartnerMemberIds.Length})";
        var countries = $"{Weight(DuplicateScoring.CountryWeight)} * ({Shared("p.countries", CountryParameter, proposal.Countries.Distinct(StringComparer.Ordinal).Count())}::float8"
            + $" / greatest(cardinality(p.countries), {proposal.Countries.Length}, 1))";
        var lead = proposal.LeadMemberId is null ? "0" : $"CASE WHEN NOT p.needs_new_lead AND p.lead_member_id = @lead THEN {Weight(DuplicateScoring.SameLeadBonus)} ELSE 0 END";
        return $"({partners} + {countries} + {RegionAndChainOverlapSql(proposal)} + {lead})";
    }

    private static string Weight(double weight) => weight.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How many of the proposal's distinct items (<c>@{parameter}0</c>…) <paramref name="column"/> holds.</summary>
    private static string Shared(string column, string parameter, int distinct) =>
        distinct == 0 ? "0" : "(" + string.Join(" + ", Enumerable.Range(0, distinct).Select(i => $"(@{parameter}{i} = ANY({column}))::int")) + ")";

    private static string Jaccard(string column, string parameter, string[] items)
    {
        var shared = Shared(column, parameter, items.Distinct(StringComparer.Ordinal).Count());
        // At least 1: when both are empty nothing is shared, and the scoring's Jaccard is 0, as 0 / 1 is.
        return $"({shared}::float8 / greatest(cardinality({column}) + {items.Length} - {shared}, 1))";
    }

    /// <summary>
    /// The text arm, as two statements: the non-discontinued partnerships whose title (<see cref="TitleArmSql"/>) or whose
    /// objective (<see cref="ObjectiveArmSql"/>) is trigram similar to the proposal's (<c>%</c>, pg_trgm's similarity at least
    /// <c>pg_trgm.similarity_threshold</c>, which the check sets to <see cref="PrefilterSimilarity"/>), with both
    /// similarities; a row similar by both comes from both, the same. Each reads its trigram index (sequential scans off)
    /// and its rows' columns in one bitmap heap scan. As one WHERE with OR (a BitmapOr of both indexes) the arm could not be
    /// split: the objective's index scan is most of it (about 20 ms of a proposal's objective against 3 for its title, in
    /// the benchmark's <c>--profile</c>), so the check runs the title arm with the overlap arm and the objective arm on the
    /// second connection, to even the two round trips. The proposal's strings reach <c>%</c> through a
    /// sub-select, so they are not constants when the statement is planned: pg_trgm's estimate of <c>%</c>
    /// (<c>matchingsel</c>) computes the similarity of a constant with every value in the column's statistics, 4.3–4.7 ms of
    /// planning for a long objective per check in the quiet reruns' plans, 0.1–0.2 ms without.
    /// </summary>
    public static readonly string TitleArmSql = TextArmSql("p.title % (SELECT @title::text)");

    /// <inheritdoc cref="TitleArmSql"/>
    public static readonly string ObjectiveArmSql = TextArmSql("p.objective % (SELECT @objective::text)");

    private static string TextArmSql(string similar) => $"""
        SELECT {ProfileColumns}, {Similarities}
        FROM {PartnershipsDbContext.Schema}.partnerships p
        WHERE {similar} AND {Undiscontinued}
        """;

    /// <summary>The external initiatives, each name against the proposal's title and objective.</summary>
    public static readonly string InitiativesSql = $"""
        SELECT key, name, m49region, greatest(similarity(name, @title), word_similarity(name, @objective))
        FROM {PartnershipsDbContext.Schema}.external_initiatives
        """;

    /// <summary>
    /// The round trip on the context's connection: pg_trgm's threshold and the planner setting, the partnerships sharing a
    /// partner or a country or enough regions and value chains (<see cref="OverlapArmSql"/>), those with a similar title
    /// (<see cref="TitleArmSql"/>), and the reset. <see cref="SecondRoundTrip"/> runs beside it on a second connection; with
    /// none to spare (<paramref name="withObjectiveArm"/>), this round trip carries its statements too, before the reset.
    /// </summary>
    /// <remarks>
    /// Sequential scans are off for the arms, then reset in the same round trip: on the benchmark's 20,000
    /// partnerships the planner prices a long objective's trigram index scan above a scan of the table, which then
    /// computes <c>%</c> for every row (~480 ms against ~90 ms in plans taken without the setting), and it scans the table for the
    /// partner arm too; each arm as its own statement did not change that.
    /// </remarks>
    internal static string FirstRoundTrip(DuplicateProfile proposal, OverlapArmShape shape, bool withObjectiveArm) =>
        SessionSetup + OverlapArmSql(proposal, shape) + "; " + TitleArmSql + "; "
        + (withObjectiveArm ? ObjectiveArmSql + "; " + SessionReset + "; " + InitiativesSql : SessionReset);

    /// <summary>
    /// The round trip on a second connection (<see cref="ObjectiveArmOnSecondConnectionAsync"/>): the same settings (pg_trgm
    /// reads the threshold of <c>%</c> from the session), the partnerships with a similar objective
    /// (<see cref="ObjectiveArmSql"/>), the reset, and the external initiatives.
    /// </summary>
    internal static readonly string SecondRoundTrip = SessionSetup + ObjectiveArmSql + "; " + SessionReset + "; " + InitiativesSql;

    /// <summary>Both similarities of the few partnerships whose overlap can still reach the threshold with them.</summary>
    private static readonly string SimilaritiesSql = $"""
        SELECT id, similarity(title, @title), similarity(objective, @objective)
        FROM {PartnershipsDbContext.Schema}.partnerships WHERE id = ANY(@ids)
        """;

    /// <summary>
    /// The parameters <see cref="FirstRoundTrip"/> reads. <c>@regions</c> and <c>@chains</c>: of the
    /// proposal's regions and value chains, enough that a partnership whose Jaccard with them reaches
    /// <see cref="DuplicateScoring.JaccardNeededWithoutPartnerOrCountry"/> at <see cref="PrefilterSimilarity"/> shares one of
    /// each, or all of them where it must share them all (<see cref="RegionLookup"/>, <see cref="ChainLookup"/>).
    /// </summary>
    public static void AddParameters(NpgsqlParameterCollection parameters, Guid? partnershipId, string title, string objective, DuplicateProfile proposal)
    {
        parameters.AddWithValue("countries", proposal.Countries);
        parameters.AddWithValue("regions", RegionLookup(proposal).Items);
        parameters.AddWithValue("chains", ChainLookup(proposal).Items);
        foreach (var (parameter, items) in new[] { (RegionParameter, proposal.CoveredRegions), (ChainParameter, proposal.ValueChains) })
        {
            var i = 0;
            foreach (var item in items.Distinct(StringComparer.Ordinal))
            {
                parameters.AddWithValue($"{parameter}{i++}", item);
            }
        }
        var p = 0;
        foreach (var partner in proposal.PartnerMemberIds.Distinct())
        {
            parameters.AddWithValue($"{PartnerParameter}{p++}", partner);
        }
        var c = 0;
        foreach (var country in proposal.Countries.Distinct(StringComparer.Ordinal))
        {
            parameters.AddWithValue($"{CountryParameter}{c++}", country);
        }
        if (proposal.LeadMemberId is { } lead)
        {
            parameters.AddWithValue("lead", lead);
        }
        parameters.AddWithValue("overlapNeeded", DuplicateScoring.OverlapNeededBelow(PrefilterSimilarity));
        // A hair under the bound the check applies, so that SQL's sums (another order of the same float8 terms) cannot drop a
        // row whose upper bound C# would put at the bound.
        parameters.AddWithValue("overlapBound", DuplicateScoring.OverlapNeededBelow(PrefilterSimilarity) - 1e-9);
        AddTextParameters(parameters, partnershipId, title, objective, proposal);
    }

    /// <summary>The parameters <see cref="SecondRoundTrip"/> reads (<see cref="ProfileColumns"/> reads <c>@partners</c>).</summary>
    private static void AddTextParameters(NpgsqlParameterCollection parameters, Guid? partnershipId, string title, string objective, DuplicateProfile proposal)
    {
        parameters.AddWithValue("partners", proposal.PartnerMemberIds);
        parameters.AddWithValue("title", title);
        parameters.AddWithValue("objective", objective);
        parameters.AddWithValue("id", partnershipId ?? Guid.Empty);
    }

    /// <summary>How many countries each M49 region spans, counted once from the reference data.</summary>
    private static readonly Lazy<Dictionary<string, int>> RegionSizes = new(() =>
    {
        var catalog = CountryReferenceData.Load();
        return catalog.Regions.ToDictionary(region => region.Code, region => catalog.CountriesIn(region.Code).Count, StringComparer.Ordinal);
    });

    private static IEnumerable<string> RarestRegionsFirst(IEnumerable<string> regions) =>
        regions.OrderBy(code => RegionSizes.Value.GetValueOrDefault(code)).ThenBy(code => code, StringComparer.Ordinal);

    private static bool SharesPartnerOrCountry(DuplicateProfile proposal, DuplicateProfile other) =>
        proposal.PartnerMemberIds.Intersect(other.PartnerMemberIds).Any() || proposal.Countries.Intersect(other.Countries, StringComparer.Ordinal).Any();

    /// <summary>One partnership as <see cref="ProfileColumns"/> reads it, before any similarity.</summary>
    public sealed record PartnershipRow(Guid Id, string Title, DuplicateProfile Profile)
    {
        public PartnershipMatch With(double titleSimilarity, double objectiveSimilarity) => new(Id, Title, Profile, titleSimilarity, objectiveSimilarity);
    }

    /// <summary>Reads the <see cref="ProfileColumns"/> of a row.</summary>
    public static PartnershipRow ReadRow(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1),
        new DuplicateProfile(reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetFieldValue<Guid[]>(3), reader.GetFieldValue<string[]>(4),
            reader.GetFieldValue<string[]>(5), reader.GetFieldValue<string[]>(6)));

    private static DuplicateCandidate Candidate(CandidateSource source, Guid? partnershipId, string? key, string title, ScoredCandidate scored) => new()
    {
        Id = Guid.CreateVersion7(),
        Source = source,
        OtherPartnershipId = partnershipId,
        ExternalInitiativeKey = key,
        Title = title,
        Score = scored.Score,
        Reasons = [.. scored.Reasons],
    };

    public static DuplicateProfile ProfileOf(PartnershipDraft draft) => new(
        draft.LeadMemberId, [.. draft.Partners.Select(p => p.MemberId)], [.. draft.Countries], [.. draft.CoveredRegions],
        [.. draft.ValueChains.Select(Vocabulary.Code)]);
}

/// <summary>
/// What the overlap arm (<see cref="DuplicateCheck.OverlapArmSql"/>) does besides finding rows; every shape lists the same
/// candidates (<c>DuplicateCheckEquivalenceTests</c> compares them). The benchmark compares them; the service runs <see cref="Default"/>.
/// </summary>
[Flags]
public enum OverlapArmShape
{
    /// <summary>Every row sharing a partner or a country comes to the client; similarities in a second round trip.</summary>
    None = 0,

    /// <summary>The partner and country arms keep only rows whose <see cref="DuplicateScoring.OverlapUpperBound"/> reaches the bound.</summary>
    UpperBound = 1,

    /// <summary>The arm computes both similarities of the rows it returns: no second round trip.</summary>
    Similarities = 2,

    /// <summary>
    /// What the service runs: the bound and the similarities in the arm. With the bound the arm returns about 67 rows per
    /// proposal on the benchmark's data (1,048 without), so computing both similarities for all of them costs less than the
    /// second round trip for the ~52 that need them (README, "Partnerships", s5-dup2 smoke runs).
    /// </summary>
    Default = UpperBound | Similarities,
}

/// <summary>
/// What <see cref="DuplicateCheck.RunAsync"/> read and computed, added up over the checks it is passed to: for tests and the
/// benchmark, to see the bounds at work.
/// </summary>
public sealed class DuplicateCheckCounts
{
    /// <summary>Partnerships the text arms returned, with both similarities.</summary>
    public int TextArm { get; set; }

    /// <summary>Partnerships the overlap arm returned, without similarities.</summary>
    public int OverlapArm { get; set; }

    /// <summary>Of those, the ones sharing no partner and no country (found through regions and value chains).</summary>
    public int OverlapArmWithoutPartnerOrCountry { get; set; }

    /// <summary>Overlap-arm partnerships outside the text arms whose overlap was under the bound: scored without similarities.</summary>
    public int ScoredWithoutSimilarities { get; set; }

    /// <summary>Overlap-arm partnerships outside the text arms whose similarities were computed (by the arm, or in a later round trip).</summary>
    public int SimilaritiesAsked { get; set; }

    /// <summary>Of those, the ones sharing no partner and no country.</summary>
    public int SimilaritiesAskedWithoutPartnerOrCountry { get; set; }
}
