using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.Membership.Domain;

/// <summary>
/// A change the Alliance's rules do not allow; the one <see cref="DomainRefusal"/> handler answers it, it is never swallowed.
/// A category the organisation may not hold or an impossible date is bad input (400 naming the field); a move the
/// lifecycle does not have, or a change the current state forbids, is a state conflict (409).
/// </summary>
public abstract class MembershipRuleException(RefusalKind kind, string title, string message, string? field = null)
    : DomainRefusal(kind, title, message, field)
{
    /// <summary>The title of a 400 naming the field, as for any other invalid input.</summary>
    protected const string InvalidInputTitle = "One or more validation errors occurred.";
}

/// <summary>A move the lifecycle does not have (e.g. approving a withdrawn application): a state conflict.</summary>
public sealed class IllegalTransitionException(string subject, string from, string to)
    : MembershipRuleException(RefusalKind.Conflict, "The transition is not allowed.", $"The {subject} is '{from}'; it cannot become '{to}'.")
{
    public string Subject { get; } = subject;
    public string From { get; } = from;
    public string To { get; } = to;
}

/// <summary>A change the current state forbids, other than a status move (e.g. new contacts for a withdrawn member).</summary>
public sealed class ChangeRefusedException(string message)
    : MembershipRuleException(RefusalKind.Conflict, "The change is not allowed in the current state.", message);

/// <summary>A category the organisation's type may not hold (e.g. a business as a full member): bad input.</summary>
public sealed class CategoryNotAllowedException(OrgType type, MembershipCategory category)
    : MembershipRuleException(RefusalKind.InvalidInput, InvalidInputTitle, CategoryRules.Explain(type, category), "category")
{
    public OrgType OrgType { get; } = type;
    public MembershipCategory Category { get; } = category;
}

/// <summary>An effective date that cannot be true (in the future, or before the membership began): bad input.</summary>
public sealed class InvalidEffectiveDateException(string message)
    : MembershipRuleException(RefusalKind.InvalidInput, InvalidInputTitle, message, "effectiveDate");
