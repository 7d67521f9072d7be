using Gacere.Membership.Domain;
using Gacere.DomainService;
using Gacere.ReferenceData;

namespace Gacere.Membership.Data;

/// <summary>One member as a published source records it (DOMAIN.md, "Verified seed facts").</summary>
internal sealed record VerifiedMemberFact(
    string Key, string OrganisationName, OrgType OrgType, string? CountryIso3, MembershipCategory Category, bool CategoryVerified,
    DateOnly MemberSince, DatePrecision Precision, string Source)
{
    public Guid Id => SeedIds.For($"member:{Key}");
}

/// <summary>
/// The verified members, by id: each missing one is inserted with its audit entry and its <c>MemberAdmitted</c>
/// event in the same commit; a later start finds them all and inserts (and publishes) nothing.
/// </summary>
internal sealed class VerifiedFactSeeder(TimeProvider time) : KeyedSeeder<MembershipDbContext, Member, Guid>(m => m.Id)
{
    private const string EuNews = "eunews.it, 19 Feb 2021: joined by 14 Feb 2021";
    private const string ConceptNoteAnnex = "GACERE concept note (annex); DAKOFA article: joined by the launch, 22 Feb 2021";
    private const string Conveners = "GACERE concept note (annex): convener supporting the Alliance's operations since its launch, 22 Feb 2021";
    private const string JapanMoe = "Japan Ministry of the Environment, env.go.jp/recycle/circul/gacere.html: member by August 2021";

    private static readonly DateOnly JoinedByFeb14 = new(2021, 2, 14);
    private static readonly DateOnly Launch = new(2021, 2, 22);
    private static readonly DateOnly JoinedByAugust = new(2021, 8, 31);

    internal static readonly VerifiedMemberFact[] Facts =
    [
        new("EU", "European Union", OrgType.RegionalEconomicIntegrationOrg, null, MembershipCategory.Member, true, Launch, DatePrecision.Day,
            "Founding member at the launch, 22 Feb 2021 (European Commission launch event page; GACERE concept note annex; DAKOFA article)"),
        Government("CAN", "Canada", JoinedByFeb14, EuNews),
        Government("CHL", "Chile", JoinedByFeb14, EuNews),
        Government("JPN", "Japan", JoinedByFeb14, EuNews),
        Government("KEN", "Kenya", JoinedByFeb14, EuNews),
        Government("NGA", "Nigeria", JoinedByFeb14, EuNews),
        Government("NOR", "Norway", JoinedByFeb14, EuNews),
        Government("PER", "Peru", JoinedByFeb14, EuNews),
        Government("RWA", "Rwanda", JoinedByFeb14, EuNews),
        Government("ZAF", "South Africa", JoinedByFeb14, EuNews),
        Government("COL", "Colombia", Launch, ConceptNoteAnnex),
        Government("NZL", "New Zealand", Launch, ConceptNoteAnnex),
        new("UNEP", "United Nations Environment Programme (UNEP)", OrgType.UnEntity, null, MembershipCategory.Convener, true,
            Launch, DatePrecision.NotLaterThan, Conveners),
        new("UNIDO", "United Nations Industrial Development Organization (UNIDO)", OrgType.UnEntity, null, MembershipCategory.Convener, true,
            Launch, DatePrecision.NotLaterThan, Conveners),
        Government("MAR", "Morocco", JoinedByAugust, JapanMoe),
        Government("KOR", "Republic of Korea", JoinedByAugust, JapanMoe),
        // India's joining is verified, its category is not (DOMAIN.md): "member", the category governments
        // hold, is recorded as provisional and shown unverified until the secretariat confirms or changes it.
        Government("IND", "India", JoinedByAugust, JapanMoe) with { CategoryVerified = false },
        Government("CHE", "Switzerland", JoinedByAugust, JapanMoe),
    ];

    protected override IEnumerable<Member> Rows
    {
        get
        {
            var actor = new Actor(Actor.Seed, time.GetUtcNow());
            return Facts.Select(fact => Member.FromVerifiedFact(
                fact.Id, fact.OrganisationName, fact.OrgType, fact.CountryIso3, fact.Category, fact.CategoryVerified,
                fact.MemberSince, fact.Precision, fact.Source, actor));
        }
    }

    private static VerifiedMemberFact Government(string alpha3, string name, DateOnly joinedBy, string source) =>
        new(alpha3, name, OrgType.NationalGovernment, alpha3, MembershipCategory.Member, true, joinedBy, DatePrecision.NotLaterThan, source);
}
