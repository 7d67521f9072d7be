using System.Globalization;

namespace Gacere.Partnerships.Domain;

/// <summary>
/// What the duplication check compares of a partnership: who, where, which value chains. Only partners still taking
/// part: <paramref name="LeadMemberId"/> is null when the lead left the Alliance, and <paramref name="PartnerMemberIds"/>
/// leaves out partners whose role ended.
/// </summary>
public sealed record DuplicateProfile(Guid? LeadMemberId, Guid[] PartnerMemberIds, string[] Countries, string[] CoveredRegions, string[] ValueChains);

/// <summary>Another partnership as the check's query returns it, with PostgreSQL's pg_trgm similarities to the proposal.</summary>
public sealed record PartnershipMatch(Guid Id, string Title, DuplicateProfile Profile, double TitleSimilarity, double ObjectiveSimilarity);

/// <summary>An external initiative with pg_trgm's similarity of its name to the proposal's title and objective.</summary>
public sealed record InitiativeMatch(string Key, string Name, string? M49Region, double NameSimilarity);

/// <summary>A likely duplicate: how likely (0–1) and why, in the words the secretariat reads.</summary>
public sealed record ScoredCandidate(double Score, IReadOnlyList<string> Reasons);

/// <summary>
/// Turns overlaps and PostgreSQL's text similarities into one ranked score with its reasons. The text similarity
/// itself is pg_trgm's (computed in the query); this only weighs it with the overlaps. The weights and the
/// threshold are measured on the labelled pairs in the API tests (README, "Partnerships").
/// </summary>
public static class DuplicateScoring
{
    public const double Threshold = 0.45;
    private const double TextWeight = 0.40, PartnerWeight = 0.20, CountryWeight = 0.15, RegionWeight = 0.10, ValueChainWeight = 0.15, SameLeadBonus = 0.05;
    private const double InitiativeNameWeight = 0.7, InitiativeRegionWeight = 0.3;

    /// <returns>The score and reasons, or null when the other partnership is not a likely duplicate.</returns>
    public static ScoredCandidate? Score(DuplicateProfile proposal, PartnershipMatch other)
    {
        var sharedPartners = proposal.PartnerMemberIds.Intersect(other.Profile.PartnerMemberIds).Count();
        var sharedCountries = proposal.Countries.Intersect(other.Profile.Countries, StringComparer.Ordinal).Count();
        var sharedChains = proposal.ValueChains.Intersect(other.Profile.ValueChains, StringComparer.Ordinal).ToList();
        var sharedRegions = proposal.CoveredRegions.Intersect(other.Profile.CoveredRegions, StringComparer.Ordinal).ToList();
        var sameLead = proposal.LeadMemberId is { } lead && lead == other.Profile.LeadMemberId;
        var text = Math.Max(other.TitleSimilarity, other.ObjectiveSimilarity);

        var score = TextWeight * text
            + PartnerWeight * Jaccard(sharedPartners, proposal.PartnerMemberIds.Length, other.Profile.PartnerMemberIds.Length)
            + CountryWeight * Overlap(sharedCountries, proposal.Countries.Length, other.Profile.Countries.Length)
            + RegionWeight * Jaccard(sharedRegions.Count, proposal.CoveredRegions.Length, other.Profile.CoveredRegions.Length)
            + ValueChainWeight * Jaccard(sharedChains.Count, proposal.ValueChains.Length, other.Profile.ValueChains.Length)
            + (sameLead ? SameLeadBonus : 0);
        score = Math.Min(1, score);
        if (score < Threshold)
        {
            return null;
        }

        var reasons = new List<string>();
        if (sameLead)
        {
            reasons.Add("same lead");
        }
        if (sharedPartners > 0)
        {
            reasons.Add($"{sharedPartners} of {proposal.PartnerMemberIds.Length} partners");
        }
        if (sharedCountries > 0)
        {
            reasons.Add($"{sharedCountries} of {proposal.Countries.Length} countries");
        }
        else if (sharedRegions.Count > 0)
        {
            reasons.Add($"same regions {string.Join(", ", sharedRegions)}");
        }
        if (sharedChains.Count > 0)
        {
            reasons.Add(string.Join(", ", sharedChains));
        }
        reasons.Add($"title {Format(other.TitleSimilarity)} similar");
        if (other.ObjectiveSimilarity >= 0.2)
        {
            reasons.Add($"objective {Format(other.ObjectiveSimilarity)} similar");
        }
        return new ScoredCandidate(Math.Round(score, 3), reasons);
    }

    public static ScoredCandidate? Score(DuplicateProfile proposal, InitiativeMatch initiative)
    {
        var sameRegion = initiative.M49Region is { } region && proposal.CoveredRegions.Contains(region, StringComparer.Ordinal);
        var score = InitiativeNameWeight * initiative.NameSimilarity + (sameRegion ? InitiativeRegionWeight : 0);
        if (score < Threshold)
        {
            return null;
        }
        List<string> reasons = [$"name {Format(initiative.NameSimilarity)} similar to the title or objective"];
        if (sameRegion)
        {
            reasons.Add($"same region {initiative.M49Region}");
        }
        return new ScoredCandidate(Math.Round(score, 3), reasons);
    }

    private static double Jaccard(int shared, int left, int right) => left + right - shared == 0 ? 0 : (double)shared / (left + right - shared);

    private static double Overlap(int shared, int left, int right) => Math.Max(left, right) == 0 ? 0 : (double)shared / Math.Max(left, right);

    private static string Format(double similarity) => similarity.ToString("0.00", CultureInfo.InvariantCulture);
}
