using Gacere.ReferenceData;
using Gacere.Membership.Domain;

namespace Gacere.UnitTests.Membership;

/// <summary>Builders that bring applications and members into a given state through their public lifecycle.</summary>
internal static class Given
{
    public static readonly DateTimeOffset Now = new(2025, 6, 10, 9, 30, 0, TimeSpan.Zero);
    public static readonly Actor Officer = new("officer-1", Now);
    public static readonly Actor Applicant = new(Actor.Applicant, Now);

    private static readonly Lazy<CountryCatalog> LazyCountries = new(() => CountryReferenceData.Load());
    public static CountryCatalog Countries => LazyCountries.Value;

    public static Contact FocalPoint => new("Ama Mensah", "ama@example.gov.gh", "+233 30 123 4567");
    public static Contact Alternate => new("Kofi Boateng", "kofi@example.gov.gh", null);

    public static Application Submitted(OrgType orgType = OrgType.NationalGovernment, string? country = "GHA", MembershipCategory? requested = null) =>
        Application.Submit("Republic of Ghana", orgType, country, requested, FocalPoint, Alternate, "We wish to join.", TrackingToken.Issue().Hash, Applicant);

    /// <summary>An application in <paramref name="status"/>, its earlier audit entries already taken.</summary>
    public static Application ApplicationIn(ApplicationStatus status)
    {
        var application = Submitted();
        switch (status)
        {
            case ApplicationStatus.Submitted:
                break;
            case ApplicationStatus.UnderReview:
                application.StartReview(Officer);
                break;
            case ApplicationStatus.InfoRequested:
                application.StartReview(Officer);
                application.RequestInformation("Please send the letter of intent.", Officer);
                break;
            case ApplicationStatus.Approved:
                application.StartReview(Officer);
                application.Approve(MembershipCategory.Member, Officer);
                break;
            case ApplicationStatus.Rejected:
                application.StartReview(Officer);
                application.Reject("Out of scope.", Officer);
                break;
            case ApplicationStatus.Withdrawn:
                application.Withdraw("Changed our mind.", Applicant);
                break;
        }
        Assert.Equal(status, application.Status);
        application.TakeNewAuditEntries();
        return application;
    }

    public static Member ActiveMember(
        OrgType orgType = OrgType.NationalGovernment, MembershipCategory category = MembershipCategory.Member, bool categoryVerified = true,
        DatePrecision precision = DatePrecision.Day) =>
        Member.FromVerifiedFact(
            Guid.NewGuid(), "Kenya", orgType, orgType == OrgType.NationalGovernment ? "KEN" : null, category, categoryVerified,
            new DateOnly(2021, 2, 14), precision, "test source", new Actor(Actor.Seed, Now.AddDays(-30)));

    /// <summary>A member in <paramref name="status"/>, its earlier audit entries and changes already taken.</summary>
    public static Member MemberIn(MemberStatus status)
    {
        var member = ActiveMember();
        switch (status)
        {
            case MemberStatus.Suspended:
                member.Suspend("Unresponsive.", Officer);
                break;
            case MemberStatus.Withdrawn:
                member.Withdraw("Letter received.", DateOnly.FromDateTime(Now.UtcDateTime), Officer);
                break;
        }
        Assert.Equal(status, member.Status);
        member.TakeNewAuditEntries();
        member.TakeNewChanges();
        return member;
    }
}
