using Gacere.ReferenceData;
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
