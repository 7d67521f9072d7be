using Gacere.ReferenceData;
using Gacere.ServiceDefaults;

namespace Gacere.PolicyMapping.Domain;

/// <summary>The rules an instrument's fields must meet beyond their shape; each returns why not, or null.</summary>
public static class InstrumentRules
{
    public static bool IsLanguage(string? code) => Languages.IsIso6391(code);

    public static string? CheckLanguage(string? code) =>
        IsLanguage(code) ? null : "Give the original language as an ISO 639-1 code of two lower-case letters, e.g. 'es', 'fr', 'sw'.";

    public const int MaxSourceUrlLength = 2000;

    /// <summary>An absolute http(s) address a reader can open.</summary>
    public static string? CheckSourceUrl(string? url) =>
        NormaliseSourceUrl(url) is not null
            ? null
            : $"Give the source as an absolute http or https URL of at most {MaxSourceUrlLength} characters once encoded, e.g. 'https://www.leychile.cl/…'.";

    /// <summary>
    /// The URL as stored and compared (the import's natural key): percent-encoded, so that it is ASCII apart from
    /// an international host name and the same address is always written the same way.
    /// </summary>
    public static string? NormaliseSourceUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) &&
        uri.Host.Length > 0 && uri.AbsoluteUri.Length <= MaxSourceUrlLength
            ? uri.AbsoluteUri
            : null;

    /// <summary>An organisation's instruments are supranational; a country's never are.</summary>
    public static string? CheckLevel(bool isOrganisation, JurisdictionLevel level) => (isOrganisation, level) switch
    {
        (true, not JurisdictionLevel.Supranational) => "An organisation's instrument (e.g. the EU's) is 'supranational'.",
        (false, JurisdictionLevel.Supranational) => "A country's instrument is 'national', 'subnational' or 'local'; 'supranational' is for an organisation's.",
        _ => null,
    };

    /// <summary>Dates that cannot both be true: (field, why) pairs.</summary>
    public static IEnumerable<(string Field, string Message)> CheckDates(PolicyLifecycle lifecycle, DateOnly? adoptedOn, DateOnly? inForceOn)
    {
        if (adoptedOn is { } adopted && inForceOn is { } inForce && inForce < adopted)
        {
            yield return ("inForceOn", "An instrument cannot be in force before it was adopted.");
        }
        if (lifecycle == PolicyLifecycle.Proposed && adoptedOn is not null)
        {
            yield return ("adoptedOn", "A proposed instrument has not been adopted; leave the adoption date empty or change the lifecycle.");
        }
        if (lifecycle == PolicyLifecycle.InForce && inForceOn is null)
        {
            yield return ("inForceOn", "Give the date an instrument that is in force entered into force.");
        }
        if (lifecycle != PolicyLifecycle.Proposed && adoptedOn is null)
        {
            yield return ("adoptedOn", $"Give the adoption date of an instrument that is '{Vocabulary.Code(lifecycle)}'.");
        }
    }
}
