namespace Gacere.Membership.Domain;

/// <summary>
/// The two state machines of DOMAIN.md as data, so the rules are read in one place and tested whole.
/// A decision (approve or reject) may follow a review or an open information request: the secretariat
/// may decide without the answer, or reject an application whose applicant never answered.
/// </summary>
public static class Lifecycles
{
    public static readonly IReadOnlyDictionary<ApplicationStatus, ApplicationStatus[]> Application =
        new Dictionary<ApplicationStatus, ApplicationStatus[]>
        {
            [ApplicationStatus.Submitted] = [ApplicationStatus.UnderReview, ApplicationStatus.Withdrawn],
            [ApplicationStatus.UnderReview] =
                [ApplicationStatus.InfoRequested, ApplicationStatus.Approved, ApplicationStatus.Rejected, ApplicationStatus.Withdrawn],
            [ApplicationStatus.InfoRequested] =
                [ApplicationStatus.UnderReview, ApplicationStatus.Approved, ApplicationStatus.Rejected, ApplicationStatus.Withdrawn],
            [ApplicationStatus.Approved] = [],
            [ApplicationStatus.Rejected] = [],
            [ApplicationStatus.Withdrawn] = [],
        };

    public static readonly IReadOnlyDictionary<MemberStatus, MemberStatus[]> Member =
        new Dictionary<MemberStatus, MemberStatus[]>
        {
            [MemberStatus.Active] = [MemberStatus.Suspended, MemberStatus.Withdrawn],
            [MemberStatus.Suspended] = [MemberStatus.Active, MemberStatus.Withdrawn],
            [MemberStatus.Withdrawn] = [],
        };

    public static bool CanMove(ApplicationStatus from, ApplicationStatus to) => Application[from].Contains(to);

    public static bool CanMove(MemberStatus from, MemberStatus to) => Member[from].Contains(to);
}
