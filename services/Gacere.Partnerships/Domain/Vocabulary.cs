namespace Gacere.Partnerships.Domain;

/// <summary>Partnership kinds of DOMAIN.md.</summary>
public enum PartnershipKind
{
    Sectoral,
    Bilateral,
    Regional,
    Multilateral,
}

/// <summary>The part a member plays in a partnership; exactly one partner leads.</summary>
public enum PartnerRole
{
    Lead,
    Implementing,
    Funding,
    Knowledge,
}

/// <summary>Where a deliverable stands.</summary>
public enum DeliverableStatus
{
    Planned,
    OnTrack,
    Delayed,
    Delivered,
    Cancelled,
}

/// <summary>What a partner brings: money (with an ISO 4217 currency), goods in kind, staff time, technical help.</summary>
public enum ResourceType
{
    Financial,
    InKind,
    Staff,
    Technical,
}

/// <summary>Lifecycle of a partnership: <c>proposed → under_review → active → completed | discontinued</c>.</summary>
public enum PartnershipStatus
{
    Proposed,
    UnderReview,
    Active,
    Completed,
    Discontinued,
}

/// <summary>EU CEAP key value chains (DOMAIN.md, "Policy mapping").</summary>
public enum ValueChain
{
    ElectronicsIct,
    BatteriesVehicles,
    Packaging,
    Plastics,
    Textiles,
    ConstructionBuildings,
    FoodWaterNutrients,
    Other,
}

/// <summary>The SMART criteria of the UN Partnerships for SDGs platform.</summary>
public enum SmartCriterion
{
    Specific,
    Measurable,
    Achievable,
    ResourceBased,
    TimeBound,
}

/// <summary>The secretariat's judgement of one SMART criterion.</summary>
public enum SmartJudgement
{
    Accepted,
    NotAccepted,
}

/// <summary>What the secretariat decided about a listed likely duplicate.</summary>
public enum DuplicateDecision
{
    Distinct,
    Merge,
    Complementary,
}

/// <summary>What a likely duplicate is: another partnership on the platform, or a known external initiative.</summary>
public enum CandidateSource
{
    Partnership,
    ExternalInitiative,
}

/// <summary>
/// The snake_case codes of DOMAIN.md for the enums above ("under_review", "resource_based"): the one spelling
/// used in the database, the API and the trail.
/// </summary>
public static class Vocabulary
{
    public static string Code<TEnum>(TEnum value) where TEnum : struct, Enum => Codes<TEnum>.ByValue[value];

    public static bool TryParse<TEnum>(string? code, out TEnum value) where TEnum : struct, Enum =>
        Codes<TEnum>.ByCode.TryGetValue(code ?? "", out value);

    public static TEnum Parse<TEnum>(string code) where TEnum : struct, Enum =>
        TryParse<TEnum>(code, out var value) ? value : throw new ArgumentException($"'{code}' is not a {typeof(TEnum).Name} code.", nameof(code));

    public static IReadOnlyList<string> AllCodes<TEnum>() where TEnum : struct, Enum => Codes<TEnum>.All;

    internal static string SnakeCase(string pascalCase)
    {
        var builder = new System.Text.StringBuilder(pascalCase.Length + 8);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var c = pascalCase[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    private static class Codes<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ByValue = Enum.GetValues<TEnum>().ToDictionary(v => v, v => SnakeCase(v.ToString()));
        public static readonly Dictionary<string, TEnum> ByCode = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        public static readonly string[] All = [.. ByValue.Values];
    }
}
