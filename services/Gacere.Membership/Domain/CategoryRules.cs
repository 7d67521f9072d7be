using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.Membership.Domain;

/// <summary>Which membership categories an organisation type may hold (DOMAIN.md, "Membership").</summary>
public static class CategoryRules
{
    /// <summary>Governments, REIOs and international organisations: the only types that may be full members.</summary>
    public static bool MayBeMember(OrgType type) => type is
        OrgType.NationalGovernment or OrgType.RegionalEconomicIntegrationOrg or OrgType.UnEntity or OrgType.IntergovernmentalOrg;

    public static bool IsAllowed(OrgType type, MembershipCategory category) => category switch
    {
        MembershipCategory.Member => MayBeMember(type),
        MembershipCategory.SupportingStakeholder => !MayBeMember(type),
        MembershipCategory.Observer or MembershipCategory.StrategicPartner => true,
        MembershipCategory.Convener => type == OrgType.UnEntity,
        _ => false,
    };

    public static IReadOnlyList<MembershipCategory> AllowedFor(OrgType type) =>
        [.. Enum.GetValues<MembershipCategory>().Where(category => IsAllowed(type, category))];

    /// <summary>A sentence the secretariat or an applicant can act on.</summary>
    public static string Explain(OrgType type, MembershipCategory category) =>
        $"An organisation of type '{Vocabulary.Code(type)}' cannot hold the category '{Vocabulary.Code(category)}'; " +
        $"allowed: {string.Join(", ", AllowedFor(type).Select(Vocabulary.Code))}.";
}
