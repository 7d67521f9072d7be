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

    /// <summary>What text similarity (the better of title and objective, 0–1) weighs in the score.</summary>
    public const double TextWeight = 0.40;

    /// <summary>What the Jaccard overlap of M49 regions (covered by countries and regions) weighs.</summary>
    public const double RegionWeight = 0.10;

    /// <summary>What the Jaccard overlap of value chains weighs.</summary>
    public const double ValueChainWeight = 0.15;

    /// <summary>What the Jaccard overlap of partners still taking part weighs.</summary>
    public const double PartnerWeight = 0.20;

    /// <summary>What the overlap of countries (shared over the longer list) weighs.</summary>
    public const double CountryWeight = 0.15;

    /// <summary>What the same lead adds.</summary>
    public const double SameLeadBonus = 0.05;

    private const double InitiativeNameWeight = 0.7, InitiativeRegionWeight = 0.3;

    /// <returns>The score and reasons, or null when the other partnership is not a likely duplicate.</returns>
    public static ScoredCandidate? Score(DuplicateProfile proposal, PartnershipMatch other)
    {
        var text = Math.Max(other.TitleSimilarity, other.ObjectiveSimilarity);
        var score = Math.Min(1, TextWeight * text + OverlapScore(proposal, other.Profile));
        if (score < Threshold)
        {
            return null;
        }

        // The reasons, for the few listed only.
        var sharedPartners = proposal.PartnerMemberIds.Intersect(other.Profile.PartnerMemberIds).Count();
        var sharedCountries = proposal.Countries.Intersect(other.Profile.Countries, StringComparer.Ordinal).Count();
        var sharedChains = proposal.ValueChains.Intersect(other.Profile.ValueChains, StringComparer.Ordinal).ToList();
        var sharedRegions = proposal.CoveredRegions.Intersect(other.Profile.CoveredRegions, StringComparer.Ordinal).ToList();
        var sameLead = IsSameLead(proposal, other.Profile);

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

    /// <summary>
    /// The part of <see cref="Score(DuplicateProfile, PartnershipMatch)"/> that is not text: partner, country, region and
    /// value-chain overlap and the same lead. The duplication check computes it before any text similarity, so that it
    /// asks PostgreSQL for similarities only where they can still lift a partnership to the <see cref="Threshold"/>.
    /// </summary>
    public static double OverlapScore(DuplicateProfile proposal, DuplicateProfile other) =>
        PartnerWeight * Jaccard(proposal.PartnerMemberIds.Intersect(other.PartnerMemberIds).Count(), proposal.PartnerMemberIds.Length, other.PartnerMemberIds.Length)
        + CountryWeight * Overlap(proposal.Countries.Intersect(other.Countries, StringComparer.Ordinal).Count(), proposal.Countries.Length, other.Countries.Length)
        + RegionWeight * Jaccard(proposal.CoveredRegions.Intersect(other.CoveredRegions, StringComparer.Ordinal).Count(), proposal.CoveredRegions.Length, other.CoveredRegions.Length)
        + ValueChainWeight * Jaccard(proposal.ValueChains.Intersect(other.ValueChains, StringComparer.Ordinal).Count(), proposal.ValueChains.Length, other.ValueChains.Length)
        + (IsSameLead(proposal, other) ? SameLeadBonus : 0);

    /// <summary>
    /// An upper bound of <see cref="OverlapScore"/> that needs only a partnership's stored columns: <paramref name="stored"/>
    /// is its profile with <see cref="DuplicateProfile.PartnerMemberIds"/> its stored <c>partner_member_ids</c>, which still
    /// holds partners whose role ended (the active partners are a subset of it), and <see cref="DuplicateProfile.LeadMemberId"/>
    /// null when the lead left, as the check reads it. The duplication check computes it in SQL
    /// (<c>DuplicateCheck.OverlapUpperBoundSql</c>, the same formula) to drop the overlap arm's rows that cannot reach the bound.
    /// </summary>
    /// <remarks>
    /// Proof that <c>OverlapUpperBound(proposal, stored) ≥ OverlapScore(proposal, active)</c>, where <c>active</c> is
    /// <paramref name="stored"/> with only the partners still taking part (<c>A ⊆ S</c>, S the stored array). Write
    /// <c>L</c> = the proposal's partner count (<c>PartnerMemberIds.Length</c>), <c>s_A</c> = distinct proposal partners in A,
    /// <c>s_S</c> = those in S, <c>R</c> = |A|. The country, region, value-chain and same-lead terms read the same columns
    /// with the same formula in both, so they are equal. The partner term of the score is
    /// <c>PartnerWeight × s_A / (L + R − s_A)</c> (0 when the denominator is 0). If <c>L = 0</c>, <c>s_A = 0</c> and the
    /// term is 0, as is the bound's. Otherwise <c>R ≥ s_A</c> (A holds the s_A shared partners), so the denominator is at
    /// least L and the term is at most <c>s_A / L</c>; <c>A ⊆ S</c> gives <c>s_A ≤ s_S</c>, so it is at most
    /// <c>PartnerWeight × s_S / L</c>, the bound's partner term. (<c>s_S / max(L, |S|)</c> or a Jaccard over S is NOT a
    /// bound: a departed partner lengthens S and lowers them, while the score's denominator uses the shorter A.) Every
    /// term of the bound is at least the score's, so the sum is; the score's <c>Math.Min(1, …)</c> only lowers it.
    /// </remarks>
    public static double OverlapUpperBound(DuplicateProfile proposal, DuplicateProfile stored) =>
        (proposal.PartnerMemberIds.Length == 0 ? 0
            : PartnerWeight * (proposal.PartnerMemberIds.Distinct().Count(stored.PartnerMemberIds.Contains) / (double)proposal.PartnerMemberIds.Length))
        + CountryWeight * Overlap(proposal.Countries.Intersect(stored.Countries, StringComparer.Ordinal).Count(), proposal.Countries.Length, stored.Countries.Length)
        + RegionWeight * Jaccard(proposal.CoveredRegions.Intersect(stored.CoveredRegions, StringComparer.Ordinal).Count(), proposal.CoveredRegions.Length, stored.CoveredRegions.Length)
        + ValueChainWeight * Jaccard(proposal.ValueChains.Intersect(stored.ValueChains, StringComparer.Ordinal).Count(), proposal.ValueChains.Length, stored.ValueChains.Length)
        + (IsSameLead(proposal, stored) ? SameLeadBonus : 0);

    /// <summary>
    /// The least <see cref="OverlapScore"/> with which a partnership whose text similarity (title and objective) is below
    /// <paramref name="textBelow"/> can still reach the <see cref="Threshold"/>: under it, the partnership is not listed
    /// whatever its similarity below that, as <c>score = TextWeight × text + overlap &lt; TextWeight × textBelow + overlap</c>.
    /// A hair lower than the exact bound, so that rounding can only make the check compute a similarity it did not need.
    /// </summary>
    public static double OverlapNeededBelow(double textBelow) => Threshold - TextWeight * textBelow - 1e-9;

    /// <summary>
    /// For a partnership sharing no partner and no country with the proposal, whose overlap is then only
    /// <c>RegionWeight × Jaccard(regions) + ValueChainWeight × Jaccard(value chains)</c> (the same lead is a shared
    /// partner): the least Jaccard of regions and the least Jaccard of value chains it needs for that overlap to reach
    /// <paramref name="overlapNeeded"/>, each with the other at its most (1). Under either, the overlap is under
    /// <paramref name="overlapNeeded"/>. Above 1: no such partnership reaches it.
    /// </summary>
    public static (double Regions, double ValueChains) JaccardNeededWithoutPartnerOrCountry(double overlapNeeded) =>
        ((overlapNeeded - ValueChainWeight) / RegionWeight, (overlapNeeded - RegionWeight) / ValueChainWeight);

    /// <summary>
    /// Items of <paramref name="items"/> of which every set whose <see cref="Jaccard"/> with <paramref name="items"/> (as
    /// <see cref="OverlapScore"/> counts it: shared distinct items over both lengths less the shared) is at least
    /// <paramref name="jaccard"/> (above 0) contains one: it shares at least <c>⌈jaccard × |items|⌉</c> of them, so it
    /// misses at most <c>|distinct| − that</c>, and any one more of them is a set it cannot miss entirely. The first
    /// items in <paramref name="order"/> are taken (put the rarest first: the set is for a GIN <c>&amp;&amp;</c>). Empty
    /// when no set can reach <paramref name="jaccard"/>.
    /// </summary>
    public static string[] SharedByAnyJaccardAbove(string[] items, double jaccard, Func<IEnumerable<string>, IEnumerable<string>> order)
    {
        var (distinct, shared) = LeastShared(items, jaccard);
        var take = distinct.Length - shared + 1;
        return take <= 0 ? [] : [.. order(distinct).Take(take)];
    }

    /// <summary>
    /// How a GIN index finds every set whose <see cref="Jaccard"/> with <paramref name="items"/> is at least
    /// <paramref name="jaccard"/>: when such a set must share as many distinct items as there are (at least two), all of
    /// them with <c>All</c> (for <c>@&gt;</c>: only the sets holding every one); otherwise
    /// <see cref="SharedByAnyJaccardAbove"/>'s (for <c>&amp;&amp;</c>: the sets holding any one). Items empty: no set reaches it.
    /// </summary>
    public static (string[] Items, bool All) JaccardLookup(string[] items, double jaccard, Func<IEnumerable<string>, IEnumerable<string>> order)
    {
        var (distinct, shared) = LeastShared(items, jaccard);
        return distinct.Length > 1 && shared == distinct.Length
            ? ([.. order(distinct)], true)
            : (SharedByAnyJaccardAbove(items, jaccard, order), false);
    }

    /// <summary>
    /// The distinct items, and the least number of them a set must share to reach <paramref name="jaccard"/> with
    /// <paramref name="items"/>: more than there are when none can (above 1, or no items).
    /// </summary>
    private static (string[] Distinct, int Shared) LeastShared(string[] items, double jaccard)
    {
        if (jaccard <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(jaccard), jaccard, "Every set reaches a Jaccard of 0: there is no item it must share.");
        }
        var distinct = items.Distinct(StringComparer.Ordinal).ToArray();
        if (jaccard > 1 || distinct.Length == 0)
        {
            return (distinct, distinct.Length + 1);
        }
        // The least number of shared items, a hair generous so that rounding (0.6 × 5 = 3.0000000000000004) cannot raise it.
        return (distinct, Math.Max(1, (int)Math.Ceiling(jaccard * items.Length - 1e-9)));
    }

    private static bool IsSameLead(DuplicateProfile proposal, DuplicateProfile other) =>
        proposal.LeadMemberId is { } lead && lead == other.LeadMemberId;

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
