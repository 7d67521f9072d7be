using Gacere.ServiceDefaults;

namespace Gacere.Partnerships.Domain;

/// <summary>Input that cannot be true (a second lead, an unknown currency): 400 naming the JSON field.</summary>
public sealed class InvalidPartnershipInput(string field, string message)
    : DomainRefusal(RefusalKind.InvalidInput, "One or more validation errors occurred.", message, field);

/// <summary>A move the lifecycle does not have (e.g. activating a proposal nobody reviewed): 409.</summary>
public sealed class IllegalTransition(PartnershipStatus from, PartnershipAction action)
    : DomainRefusal(RefusalKind.Conflict, "The transition is not allowed.",
        $"The partnership is '{Vocabulary.Code(from)}'; '{Vocabulary.Code(action)}' is not possible from there.");

/// <summary>A change the partnership's current state forbids, other than a status move: 409.</summary>
public sealed class ChangeRefused(string title, string message) : DomainRefusal(RefusalKind.Conflict, title, message);

/// <summary>The caller may not act for this member or partnership: 403.</summary>
public sealed class NotYourPartnership(string message)
    : DomainRefusal(RefusalKind.Forbidden, "Not allowed for this member.", message);

/// <summary>A suspended or withdrawn member cannot act (e.g. submit a best practice): 409, saying which it is.</summary>
public sealed class MemberNotInGoodStanding(string organisationName, string status)
    : DomainRefusal(RefusalKind.Conflict, "The member is not active.",
        $"'{organisationName}' is {status}; only an active member of the Alliance may submit best practices.");
