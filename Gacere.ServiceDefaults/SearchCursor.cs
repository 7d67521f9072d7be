using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Gacere.ServiceDefaults;

/// <summary>
/// Where the previous page of a ranked search ended (the policy search, the best-practice search): the last item's
/// id, and its rank when the search has text. Opaque to clients (base64url); a page never repeats or skips an item
/// while the matching rows do not change.
/// </summary>
public sealed record SearchCursor(Guid Id, float? Rank)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        Rank is { } rank ? $"{rank.ToString("R", CultureInfo.InvariantCulture)}|{Id:N}" : $"{Id:N}"));

    /// <summary>A cursor this service wrote for a search of the same kind (with or without text), or null.</summary>
    public static SearchCursor? TryDecode(string? text, bool withRank)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            return null;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            return null;
        }
        var parts = decoded.Split('|');
        if (withRank && parts.Length == 2 &&
            float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var rank) && float.IsFinite(rank) &&
            Guid.TryParseExact(parts[1], "N", out var rankedId))
        {
            return new SearchCursor(rankedId, rank);
        }
        return !withRank && parts.Length == 1 && Guid.TryParseExact(parts[0], "N", out var id) ? new SearchCursor(id, null) : null;
    }
}

/// <summary>The facet counts of a faceted search: rows of (facet, code, count), with the match total as facet "total".</summary>
public static class FacetCounts
{
    /// <summary>Reads the current result set of (facet text, code text, count bigint) rows.</summary>
    public static async Task<(Dictionary<string, Dictionary<string, long>> Counts, long Total)> ReadAsync(
        System.Data.Common.DbDataReader reader, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        long total = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var (facet, code, n) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
            if (facet == "total")
            {
                total = n;
                continue;
            }
            (counts.TryGetValue(facet, out var byCode) ? byCode : counts[facet] = new(StringComparer.Ordinal))[code] = n;
        }
        return (counts, total);
    }
}
