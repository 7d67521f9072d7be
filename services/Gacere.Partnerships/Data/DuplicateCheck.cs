using Gacere.Partnerships.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Gacere.ServiceDefaults;

namespace Gacere.Partnerships.Data;

/// <summary>
/// Compares a proposal with every other non-discontinued partnership and with the external initiatives, in
/// PostgreSQL: pg_trgm's <c>similarity</c> for title and objective, the initiative's name against both with
/// <c>word_similarity</c>. <see cref="DuplicateScoring"/> weighs the overlaps and ranks.
/// </summary>
public static class DuplicateCheck
{
    /// <summary>The candidate query as the check runs it, and the benchmark's variants.</summary>
    public enum CandidateQuery
    {
        /// <summary>What the check runs: prefiltered to partnerships that could reach the threshold, with similarities.</summary>
        Ranked,
        /// <summary>Before the prefilter: similarities computed for every non-discontinued partnership.</summary>
        RankedUnfiltered,
        /// <summary>The benchmark's baseline: the same candidates as <see cref="RankedUnfiltered"/>, without similarity ranking.</summary>
        Unranked,
    }

    /// <summary>
    /// pg_trgm's <c>similarity_threshold</c> for the prefilter's <c>%</c>: a partnership sharing no partner or country
    /// is scored only when its title or objective is more similar than this (see <see cref="PartnershipCandidatesSql"/>).
    /// </summary>
    public const double PrefilterSimilarity = 0.49;

    /// <summary>
    /// Sent in the same round trip as the candidate query. The prefilter's % holds above this similarity; set per session,
    /// as pg_trgm reads it from there. The planner prices a long objective's trigram index scan above a scan of the table,
    /// which then computes % for every row (a second per proposal at 20,000 partnerships): for this query only, it takes
    /// the indexes. <see cref="SessionReset"/> goes with the next command.
    /// </summary>
    public static readonly string SessionSetup =
        $"SET pg_trgm.similarity_threshold = {PrefilterSimilarity.ToString(System.Globalization.CultureInfo.InvariantCulture)}; SET enable_seqscan = off; ";

    public const string SessionReset = "RESET enable_seqscan; ";

    /// <summary>At most this many candidates are listed, best first.</summary>
    public const int MaxCandidates = 10;

    public static async Task<IReadOnlyList<DuplicateCandidate>> RunAsync(
        PartnershipsDbContext db, Guid? partnershipId, string title, string objective, DuplicateProfile proposal, CancellationToken cancellationToken)
    {
        var candidates = new List<DuplicateCandidate>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }
        try
        {
            await using (var partnerships = connection.CreateCommand())
            {
                partnerships.CommandText = SessionSetup + PartnershipCandidatesSql(CandidateQuery.Ranked);
                AddCandidateParameters(partnerships.Parameters, partnershipId, title, objective, proposal);
                await using var reader = await partnerships.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var match = ReadMatch(reader);
                    if (DuplicateScoring.Score(proposal, match) is { } scored)
                    {
                        candidates.Add(Candidate(CandidateSource.Partnership, match.Id, null, match.Title, scored));
                    }
                }
            }
            await using (var initiatives = connection.CreateCommand())
            {
                initiatives.CommandText = SessionReset + $"""
                    SELECT key, name, m49region, greatest(similarity(name, @title), word_similarity(name, @objective))
                    FROM {PartnershipsDbContext.Schema}.external_initiatives
                    """;
                initiatives.Parameters.AddWithValue("title", title);
                initiatives.Parameters.AddWithValue("objective", objective);
                await using var reader = await initiatives.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var match = new InitiativeMatch(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFloat(3));
                    if (DuplicateScoring.Score(proposal, match) is { } scored)
                    {
                        candidates.Add(Candidate(CandidateSource.ExternalInitiative, null, match.Key, match.Name, scored));
                    }
                }
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
        return [.. candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Title, StringComparer.Ordinal).Take(MaxCandidates)];
    }

    /// <summary>
    /// The other partnerships' side of the check: each non-discontinued partnership that could score
    /// <see cref="DuplicateScoring.Threshold"/> or more, with its partners still taking part, countries, regions, value
    /// chains and (when ranked) pg_trgm's similarity of its title and objective to the proposal's. A partner whose role
    /// ended (it left the Alliance) is no longer a partner: a lead who left is no "same lead", and only partners still
    /// taking part count as shared; only the few partnerships sharing a partner with the proposal need that look-up
    /// (the departed partners of the others cannot overlap). The benchmark
    /// (<c>./gacere bench partnerships</c>) runs the other variants beside it.
    /// </summary>
    /// <remarks>
    /// Only partnerships that share a partner or a country with the proposal, or whose title or objective is trigram
    /// similar to it (<c>%</c>: pg_trgm's similarity above <c>pg_trgm.similarity_threshold</c>, which the check sets to
    /// <see cref="PrefilterSimilarity"/>), are scored: that filter is what lets PostgreSQL use the GIN indexes (trigram
    /// on title and objective, array on partners and countries) instead of computing two similarities for every
    /// partnership. It drops none that could reach the threshold. Without a shared partner (the lead is one) or
    /// country, the overlaps weigh at most 0.10 (regions) + 0.15 (value chains) = 0.25, and a text similarity of 0.49
    /// or less adds at most 0.40 × 0.49 = 0.196: 0.446, under 0.45. Lowering the threshold, raising the text weight or
    /// the region or value-chain weights must keep that sum under it (a unit test holds it).
    /// </remarks>
    public static string PartnershipCandidatesSql(CandidateQuery query) => $"""
        {(query == CandidateQuery.Ranked
            // One arm per index, as a UNION: written as one WHERE with OR, PostgreSQL scans the table and computes % for every row.
            ? $"""
              WITH prefiltered AS (
                  SELECT id FROM {PartnershipsDbContext.Schema}.partnerships WHERE partner_member_ids && @partners
                  UNION SELECT id FROM {PartnershipsDbContext.Schema}.partnerships WHERE countries && @countries
                  UNION SELECT id FROM {PartnershipsDbContext.Schema}.partnerships WHERE title % @title
                  UNION SELECT id FROM {PartnershipsDbContext.Schema}.partnerships WHERE objective % @objective)
              """
            : "")}
        SELECT p.id, p.title, CASE WHEN p.needs_new_lead THEN NULL ELSE p.lead_member_id END,
               CASE WHEN p.partner_member_ids && @partners
                    THEN ARRAY(SELECT pa.member_id FROM {PartnershipsDbContext.Schema}.partners pa
                               WHERE pa.partnership_id = p.id AND pa.ended_at IS NULL)
                    ELSE p.partner_member_ids END,
               p.countries, p.covered_regions, p.value_chains,
               {(query == CandidateQuery.Unranked ? "0::real, 0::real" : "similarity(p.title, @title), similarity(p.objective, @objective)")}
        FROM {PartnershipsDbContext.Schema}.partnerships p
        {(query == CandidateQuery.Ranked ? "JOIN prefiltered f ON f.id = p.id" : "")}
        WHERE p.status <> 'discontinued' AND p.id <> @id
        """;

    /// <summary>The parameters <see cref="PartnershipCandidatesSql"/> reads.</summary>
    public static void AddCandidateParameters(NpgsqlParameterCollection parameters, Guid? partnershipId, string title, string objective, DuplicateProfile proposal)
    {
        parameters.AddWithValue("partners", proposal.PartnerMemberIds);
        parameters.AddWithValue("countries", proposal.Countries);
        parameters.AddWithValue("title", title);
        parameters.AddWithValue("objective", objective);
        parameters.AddWithValue("id", partnershipId ?? Guid.Empty);
    }

    /// <summary>Reads one row of <see cref="PartnershipCandidatesSql"/>.</summary>
    public static PartnershipMatch ReadMatch(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1),
        new DuplicateProfile(reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetFieldValue<Guid[]>(3), reader.GetFieldValue<string[]>(4),
            reader.GetFieldValue<string[]>(5), reader.GetFieldValue<string[]>(6)),
        reader.GetFloat(7), reader.GetFloat(8));

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
