namespace Gacere.PolicyMapping.Domain;

// DOMAIN.md, "Policy mapping": every classification an instrument carries. The wire and the database use
// the snake_case code of each member ("regulatory_legal", "electronics_ict"); see Vocabulary.

/// <summary>The level of government that adopted the instrument.</summary>
public enum JurisdictionLevel
{
    Supranational,
    National,
    Subnational,
    Local,
}

/// <summary>Where the instrument stands in law.</summary>
public enum PolicyLifecycle
{
    Proposed,
    Adopted,
    InForce,
    Amended,
    Repealed,
    Expired,
}

/// <summary>SDG 12.1.1 instrument type (UNEP), with information and education as an extension.</summary>
public enum InstrumentType
{
    MacroPolicy,
    RegulatoryLegal,
    EconomicFiscal,
    VoluntarySelfRegulation,
    InformationEducation,
}

/// <summary>OECD PINE instrument type (optional).</summary>
public enum PineType
{
    Tax,
    FeeCharge,
    TradablePermit,
    DepositRefund,
    EnvironmentalSubsidy,
    VoluntaryApproach,
}

/// <summary>EU Circular Economy Action Plan key value chains.</summary>
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

/// <summary>The R-strategies R0 (refuse) to R9 (recover), in that order.</summary>
public enum RStrategy
{
    Refuse,
    Rethink,
    Reduce,
    Reuse,
    Repair,
    Refurbish,
    Remanufacture,
    Repurpose,
    Recycle,
    Recover,
}

/// <summary>Material categories of economy-wide material flow accounts (IRP).</summary>
public enum MaterialCategory
{
    Biomass,
    MetalOres,
    NonMetallicMinerals,
    FossilEnergy,
}

/// <summary>The concept note's themes.</summary>
public enum PolicyTheme
{
    CircularEconomy,
    SustainableResourceManagement,
    IndustrialSymbiosis,
    JustTransition,
}

/// <summary>Where an instrument is in the secretariat's curation; only <see cref="Published"/> is public.</summary>
public enum CurationStatus
{
    Draft,
    Submitted,
    Validated,
    Published,
    Archived,
    Rejected,
}

/// <summary>
/// The snake_case codes of DOMAIN.md for the enums above: the one spelling used in the database, the API
/// and the exports.
/// </summary>
public static class Vocabulary
{
    public static string Code<TEnum>(TEnum value) where TEnum : struct, Enum => Codes<TEnum>.ByValue[value];

    public static bool TryParse<TEnum>(string? code, out TEnum value) where TEnum : struct, Enum =>
        Codes<TEnum>.ByCode.TryGetValue(code ?? "", out value);

    public static TEnum Parse<TEnum>(string code) where TEnum : struct, Enum =>
        TryParse<TEnum>(code, out var value) ? value : throw new ArgumentException($"'{code}' is not a {typeof(TEnum).Name} code.", nameof(code));

    public static IReadOnlyList<string> AllCodes<TEnum>() where TEnum : struct, Enum => Codes<TEnum>.All;

    /// <summary>"use one of: a, b, c" for a problem message.</summary>
    public static string Expected<TEnum>() where TEnum : struct, Enum => $"use one of: {string.Join(", ", Codes<TEnum>.All)}";

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
