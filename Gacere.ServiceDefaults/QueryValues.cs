namespace Gacere.ServiceDefaults;

/// <summary>
/// A list filter's query field read one way in every service: several values of one field are alternatives, given as
/// "a,b" or as the parameter repeated; a wrong value is an error naming the field.
/// </summary>
public static class QueryValues
{
    /// <summary>"a,b" and repeated parameters both give several values, trimmed; blanks and repeats are dropped.</summary>
    public static string[] Split(string[]? values) =>
        [.. (values ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal)];

    /// <summary>Codes of one vocabulary (<see cref="Vocabulary"/>); an unknown one is an error naming <paramref name="field"/>.</summary>
    public static string[] Codes<TEnum>(string field, string[]? values, Dictionary<string, string[]> errors) where TEnum : struct, Enum
    {
        var given = Split(values);
        if (given.FirstOrDefault(v => !Vocabulary.TryParse<TEnum>(v, out _)) is { } unknown)
        {
            errors[field] = [$"Unknown code '{unknown}'; {Vocabulary.Expected<TEnum>()}."];
        }
        return given;
    }
}
