using Gacere.ServiceDefaults;

namespace Gacere.PolicyMapping.Domain;

/// <summary>The rules an instrument's fields must meet beyond their shape; each returns why not, or null.</summary>
public static class InstrumentRules
{
    /// <summary>ISO 639-1 (two-letter) language codes.</summary>
    private static readonly HashSet<string> Iso6391 = new(
        """
        aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en
        eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja
        jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb
        nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq
        sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    public static bool IsLanguage(string? code) => code is not null && Iso6391.Contains(code);

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
