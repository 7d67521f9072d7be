using Gacere.ServiceDefaults;

namespace Gacere.PolicyMapping.Domain;

/// <summary>A focal point proposing for a member other than its own: 403.</summary>
public sealed class NotYourMember()
    : DomainRefusal(RefusalKind.Forbidden, "Not your member.",
        "A focal point proposes barriers, gaps and research needs for its own member only.");

/// <summary>A focal point proposing a national barrier for another country: 403.</summary>
public sealed class NotYourCountry()
    : DomainRefusal(RefusalKind.Forbidden, "Not your country.",
        "A focal point records national barriers and gaps for its own member's country only; use the 'regional' or 'global' scope for others.");

/// <summary>The proposing member is suspended or withdrawn in the replica: 409 with the reason.</summary>
public sealed class ProposerNotActive(string organisationName, string status)
    : DomainRefusal(RefusalKind.Conflict, "The member is not active.",
        $"{organisationName} is {status} in the Alliance: it cannot propose barriers, gaps or research needs until it is active again.");

/// <summary>A curation step that only the secretariat takes: 403.</summary>
public sealed class ProposalStepForbidden(ProposalAction action)
    : DomainRefusal(RefusalKind.Forbidden, "Only the secretariat may take this step.",
        $"'{Vocabulary.Code(action)}' is the secretariat's decision.");

/// <summary>A step the proposal's lifecycle does not have (publishing a rejected one): 409.</summary>
public sealed class IllegalProposalMove(ProposalStatus from, ProposalAction action)
    : DomainRefusal(RefusalKind.Conflict, "The curation step is not allowed.",
        $"It is '{Vocabulary.Code(from)}'; '{Vocabulary.Code(action)}' is not a step from there. Allowed from '{Vocabulary.Code(from)}': {Allowed(from)}.")
{
    private static string Allowed(ProposalStatus from) =>
        ProposalCuration.Moves.Keys.Where(k => k.From == from).Select(k => Vocabulary.Code(k.Action)).ToList() is { Count: > 0 } actions
            ? string.Join(", ", actions)
            : "nothing";
}

/// <summary>A rejection or archival without a reason: 400 naming the field.</summary>
public sealed class ProposalReasonRequired(ProposalAction action)
    : DomainRefusal(RefusalKind.InvalidInput, "One or more validation errors occurred.",
        $"Say why it is {(action == ProposalAction.Reject ? "rejected" : "archived")}.", "reason");

/// <summary>Progress on a research need that is not published: 409.</summary>
public sealed class ResearchNeedNotPublished(ProposalStatus status)
    : DomainRefusal(RefusalKind.Conflict, "The research need is not published.",
        $"The research need is '{Vocabulary.Code(status)}'; progress is recorded on published research needs only.");

/// <summary>A progress step the table does not have (closed back to open): 409.</summary>
public sealed class IllegalProgress(ResearchStatus from, ResearchStatus to)
    : DomainRefusal(RefusalKind.Conflict, "The progress step is not allowed.",
        $"The research need is '{Vocabulary.Code(from)}'; it cannot become '{Vocabulary.Code(to)}'. Allowed: {Allowed(from)}.")
{
    private static string Allowed(ResearchStatus from) =>
        ResearchProgress.Steps.Where(s => s.From == from).Select(s => Vocabulary.Code(s.To)).ToList() is { Count: > 0 } steps
            ? string.Join(", ", steps)
            : "nothing (it is closed)";
}

/// <summary>Someone else changed the proposal between this request's read and write: 409.</summary>
public sealed class ProposalChangedConcurrently()
    : DomainRefusal(RefusalKind.Conflict, "Changed concurrently.",
        "Someone else changed it at the same time; read it again and retry.");
