namespace Gacere.Membership.Domain;

/// <summary>A change the Alliance's rules do not allow; the API answers it, it is never swallowed.</summary>
public abstract class MembershipRuleException(string message) : Exception(message);

/// <summary>A move the lifecycle does not have (e.g. approving a withdrawn application): a state conflict.</summary>
public sealed class IllegalTransitionException(string subject, string from, string to)
    : MembershipRuleException($"The {subject} is '{from}'; it cannot become '{to}'.")
{
    public string Subject { get; } = subject;
    public string From { get; } = from;
    public string To { get; } = to;
}

/// <summary>A change the current state forbids, other than a status move (e.g. new contacts for a withdrawn member).</summary>
public sealed class ChangeRefusedException(string message) : MembershipRuleException(message);

/// <summary>A category the organisation's type may not hold (e.g. a business as a full member): bad input.</summary>
public sealed class CategoryNotAllowedException(OrgType type, MembershipCategory category)
    : MembershipRuleException(CategoryRules.Explain(type, category))
{
    public OrgType OrgType { get; } = type;
    public MembershipCategory Category { get; } = category;
}

/// <summary>An effective date that cannot be true (in the future, or before the membership began): bad input.</summary>
public sealed class InvalidEffectiveDateException(string message) : MembershipRuleException(message);
