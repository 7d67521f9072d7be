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
                // A partner whose role ended (it left the Alliance) is no longer a partner: a lead who left is no
                // "same lead", and only partners still taking part count as shared. A partnership sharing none of the
                // proposal's partners needs no such filtering (its departed partners cannot overlap), so only the few
                // that do share one look up their partners still taking part.
                partnerships.CommandText = $"""
                    SELECT p.id, p.title, CASE WHEN p.needs_new_lead THEN NULL ELSE p.lead_member_id END,
                           CASE WHEN p.partner_member_ids && @partners
                                THEN ARRAY(SELECT pa.member_id FROM {PartnershipsDbContext.Schema}.partners pa
                                           WHERE pa.partnership_id = p.id AND pa.ended_at IS NULL)
                                ELSE p.partner_member_ids END,
                           p.countries, p.covered_regions, p.value_chains,
                           similarity(p.title, @title), similarity(p.objective, @objective)
                    FROM {PartnershipsDbContext.Schema}.partnerships p
                    WHERE p.status <> 'discontinued' AND p.id <> @id
                    """;
                partnerships.Parameters.AddWithValue("partners", proposal.PartnerMemberIds);
                partnerships.Parameters.AddWithValue("title", title);
                partnerships.Parameters.AddWithValue("objective", objective);
                partnerships.Parameters.AddWithValue("id", partnershipId ?? Guid.Empty);
                await using var reader = await partnerships.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var match = new PartnershipMatch(
                        reader.GetGuid(0), reader.GetString(1),
                        new DuplicateProfile(reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetFieldValue<Guid[]>(3), reader.GetFieldValue<string[]>(4),
                            reader.GetFieldValue<string[]>(5), reader.GetFieldValue<string[]>(6)),
                        reader.GetFloat(7), reader.GetFloat(8));
                    if (DuplicateScoring.Score(proposal, match) is { } scored)
                    {
                        candidates.Add(Candidate(CandidateSource.Partnership, match.Id, null, match.Title, scored));
                    }
                }
            }
            await using (var initiatives = connection.CreateCommand())
            {
                initiatives.CommandText = $"""
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
