using System.Text.Json;

namespace Gacere.ServiceDefaults;

/// <summary>
/// The .NET 10 validator names a failing field by its C# path ("Organisation.CountryIso3", "Page");
/// clients send and read JSON, so errors are renamed to the JSON path they wrote ("organisation.countryIso3").
/// </summary>
public static class ValidationErrorNames
{
    public static void Rename(IDictionary<string, string[]> errors)
    {
        foreach (var key in errors.Keys.ToList())
        {
            var renamed = JsonPath(key);
            if (renamed != key)
            {
                var messages = errors[key];
                errors.Remove(key);
                errors[renamed] = errors.TryGetValue(renamed, out var existing) ? [.. existing, .. messages] : messages;
            }
        }
    }

    /// <summary>Camel-cases each segment of a C# member path; anything else (a header name) stays as it is.</summary>
    public static string JsonPath(string key)
    {
        var segments = key.Split('.');
        if (!segments.All(IsMemberSegment))
        {
            return key;
        }
        return string.Join('.', segments.Select(segment =>
        {
            var index = segment.IndexOf('[');
            return index < 0
                ? JsonNamingPolicy.CamelCase.ConvertName(segment)
                : JsonNamingPolicy.CamelCase.ConvertName(segment[..index]) + segment[index..];
        }));
    }

    private static bool IsMemberSegment(string segment)
    {
        var name = segment.IndexOf('[') is var index and >= 0 ? segment[..index] : segment;
        return name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');
    }
}
