using System.Security.Cryptography;
using System.Text;

namespace Gacere.Membership.Data;

/// <summary>
/// Ids derived from a stable key ("member:CAN"), identical on every start and every machine, so seeding
/// recognises what it already inserted and other services' replicas keep one row per seeded member.
/// </summary>
internal static class SeedIds
{
    private const string Namespace = "gacere:membership:seed:";

    /// <summary>An RFC 9562 version 8 (custom) UUID from the first 16 bytes of SHA-256 of the key.</summary>
    public static Guid For(string key)
    {
        Span<byte> bytes = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(Namespace + key), bytes);
        var uuid = bytes[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80); // version 8
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(uuid, bigEndian: true);
    }
}
