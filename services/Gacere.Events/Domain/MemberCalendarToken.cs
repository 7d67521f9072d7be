using System.Security.Cryptography;
using System.Text;

namespace Gacere.Events.Domain;

/// <summary>
/// The secret in a member's registrations feed URL. Calendar clients cannot send a bearer token, so the URL is the
/// credential: 256 random bits, stored only as a SHA-256 hash, one per member; rotating it replaces the old one.
/// </summary>
public sealed class MemberCalendarToken
{
    private MemberCalendarToken() { }

    public Guid MemberId { get; private init; }
    public byte[] TokenHash { get; private set; } = [];
    public DateTimeOffset IssuedAt { get; private set; }
    public string IssuedBy { get; private set; } = "";

    public static (MemberCalendarToken Row, string Token) Issue(Guid memberId, Actor actor)
    {
        var row = new MemberCalendarToken { MemberId = memberId };
        return (row, row.Rotate(actor));
    }

    /// <returns>The new token, shown once; the old one stops working.</returns>
    public string Rotate(Actor actor)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        TokenHash = Hash(token);
        IssuedAt = actor.At;
        IssuedBy = actor.Name;
        return token;
    }

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
