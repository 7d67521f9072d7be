using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gacere.DevHost;

/// <summary>Development JWTs signed with the state folder's shared key (HS256), as the services expect them.</summary>
public static class DevTokens
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    /// <summary>
    /// A token with <c>sub</c>, <c>role</c> and, when given, <c>member_id</c>. A zero or negative
    /// <paramref name="lifetime"/> yields an already expired token (for tests of expiry).
    /// </summary>
    public static string Mint(string signingKeyBase64, string role, Guid? memberId = null, string? subject = null, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signingKeyBase64);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);

        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? DefaultLifetime);
        var issuedAt = expires > now ? now : expires - TimeSpan.FromHours(1);
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = subject ?? DefaultSubject(role, memberId),
            ["role"] = role,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (memberId is { } member)
        {
            claims["member_id"] = member.ToString();
        }
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = GacereAuth.DevelopmentIssuer,
            Audience = GacereAuth.Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(signingKeyBase64)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static string DefaultSubject(string role, Guid? memberId) =>
        memberId is { } member ? $"dev-{role}-{member:N}" : $"dev-{role}";
}
