namespace Gacere.Membership.Domain;

/// <summary>Organisation types of DOMAIN.md (<c>org_type</c>).</summary>
public enum OrgType
{
    NationalGovernment,
    RegionalEconomicIntegrationOrg,
    UnEntity,
    IntergovernmentalOrg,
    RegionalCePlatform,
    Business,
    NgoCivilSociety,
    InternationalNetwork,
    ResearchAcademia,
    FinancialInstitution,
}

/// <summary>Membership categories of DOMAIN.md.</summary>
public enum MembershipCategory
{
    Member,
    Observer,
    StrategicPartner,
    SupportingStakeholder,
    Convener,
}

public enum ApplicationStatus
{
    Submitted,
    UnderReview,
    InfoRequested,
    Approved,
    Rejected,
    Withdrawn,
}

public enum MemberStatus
{
    Active,
    Suspended,
    Withdrawn,
}

/// <summary>How exactly a seeded date is known: join dates of 2021 are often only bounded by a source's date.</summary>
public enum DatePrecision
{
    Day,
    Month,
    Year,
    NotLaterThan,
}

/// <summary>
/// The snake_case codes of DOMAIN.md for the enums above ("national_government", "info_requested"):
/// the one spelling used in the database, the API and the integration events.
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
