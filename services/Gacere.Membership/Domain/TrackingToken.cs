using System.Security.Cryptography;
using System.Text;

namespace Gacere.Membership.Domain;

/// <summary>
/// The secret an applicant uses to follow an application without an account. Only its SHA-256 hash is
/// stored, so a leaked database does not let anyone read or withdraw applications.
/// </summary>
public static class TrackingToken
{
    private const int Bytes = 32;

    /// <returns>The token to hand to the applicant (base64url, 256 random bits) and the hash to store.</returns>
    public static (string Token, string Hash) Issue()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(Bytes))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, Hash(token));
    }

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Shape check before any lookup: 43 base64url characters.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
