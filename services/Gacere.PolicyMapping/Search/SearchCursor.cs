using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Gacere.PolicyMapping.Search;

/// <summary>
/// Where the previous page ended: the last item's id, and its rank when the search has text. Opaque to
/// clients (base64url); a page never repeats or skips an item while the matching rows do not change.
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
