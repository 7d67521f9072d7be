using System.Text.Json;

namespace Gacere.ServiceDefaults;

/// <summary>
/// The snake_case codes of DOMAIN.md for the services' enums ("national_government", "under_review",
/// "high_level_meeting"): the one spelling used in the database, the API (the input policy's JSON converter uses
/// the same naming), the integration events, the trails and the exports.
/// </summary>
public static class Vocabulary
{
    public static string Code<TEnum>(TEnum value) where TEnum : struct, Enum => Codes<TEnum>.ByValue[value];

    public static bool TryParse<TEnum>(string? code, out TEnum value) where TEnum : struct, Enum =>
        Codes<TEnum>.ByCode.TryGetValue(code ?? "", out value);

    public static TEnum Parse<TEnum>(string code) where TEnum : struct, Enum =>
        TryParse<TEnum>(code, out var value) ? value : throw new ArgumentException($"'{code}' is not a {typeof(TEnum).Name} code.", nameof(code));

    public static IReadOnlyList<string> AllCodes<TEnum>() where TEnum : struct, Enum => Codes<TEnum>.All;

    /// <summary>The end of a refusal that names the allowed codes: "use one of: a, b, c".</summary>
    public static string Expected<TEnum>() where TEnum : struct, Enum => $"use one of: {string.Join(", ", Codes<TEnum>.All)}";

    private static class Codes<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
        public static readonly Dictionary<string, TEnum> ByCode = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        public static readonly string[] All = [.. ByValue.Values];
    }
}
