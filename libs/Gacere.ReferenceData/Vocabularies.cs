namespace Gacere.ReferenceData;

// DOMAIN.md's vocabularies that more than one service speaks. On the wire and in the databases each value is its
// snake_case code (Gacere.ServiceDefaults.Vocabulary, VocabularyConverter), e.g. "national_government", "recycle".

/// <summary>Organisation types of DOMAIN.md (<c>org_type</c>): who a member is, who carried out a best practice.</summary>
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

/// <summary>The R-strategies R0 (refuse) to R9 (recover) of DOMAIN.md, from the most circular to the least, in that order.</summary>
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
