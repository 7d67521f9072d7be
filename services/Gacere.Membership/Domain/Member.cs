using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.Membership.Domain;

/// <summary>An organisation admitted to the Alliance: its category, membership status and contacts.</summary>
public sealed class Member
{
    private readonly List<AuditEntry> _newAuditEntries = [];
    private readonly List<MemberChange> _newChanges = [];

    private Member() { }

    public Guid Id { get; private init; }
    public string OrganisationName { get; private init; } = "";
    public OrgType OrgType { get; private init; }
    public string? CountryIso3 { get; private init; }
    public MembershipCategory Category { get; private set; }
    /// <summary>False where no source confirms the category (DOMAIN.md lists India's as unverified).</summary>
    public bool CategoryVerified { get; private set; }
    public MemberStatus Status { get; private set; }

    /// <summary>When the organisation joined, as exactly as a source tells.</summary>
    public DateOnly MemberSince { get; private init; }
    public DatePrecision MemberSincePrecision { get; private init; }
    /// <summary>Where the join fact comes from (seeded members); null for members admitted on this platform.</summary>
    public string? SourceReference { get; private init; }
    public Guid? ApplicationId { get; private init; }

    /// <summary>Effective date of the latest status change (admission, suspension, reinstatement, withdrawal).</summary>
    public DateOnly StatusEffectiveOn { get; private set; }
    public string? StatusReason { get; private set; }

    /// <summary>Null for seeded members until the secretariat or the member records them.</summary>
    public Contact? FocalPoint { get; private set; }
    public Contact? Alternate { get; private set; }

    /// <summary>Increases by one with every change published to other services; also the concurrency token.</summary>
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<AuditEntry> NewAuditEntries => _newAuditEntries;
    public IReadOnlyList<MemberChange> NewChanges => _newChanges;

    internal static Member Admit(Application application, MembershipCategory category, Actor actor)
    {
        var member = new Member
        {
            Id = Guid.CreateVersion7(actor.At),
            OrganisationName = application.OrganisationName,
            OrgType = application.OrgType,
            CountryIso3 = application.CountryIso3,
            Category = category,
            CategoryVerified = true,
            Status = MemberStatus.Active,
            MemberSince = DateOnly.FromDateTime(actor.At.UtcDateTime),
            MemberSincePrecision = DatePrecision.Day,
            ApplicationId = application.Id,
            StatusEffectiveOn = DateOnly.FromDateTime(actor.At.UtcDateTime),
            FocalPoint = application.FocalPoint,
            Alternate = application.Alternate,
            UpdatedAt = actor.At,
        };
        member.Admitted(actor, $"application {application.Id} approved");
        return member;
    }

    /// <summary>A member known from a published source rather than an application (the seed facts of DOMAIN.md).</summary>
    public static Member FromVerifiedFact(
        Guid id, string organisationName, OrgType orgType, string? countryIso3, MembershipCategory category, bool categoryVerified,
        DateOnly memberSince, DatePrecision precision, string sourceReference, Actor actor)
    {
        if (!CategoryRules.IsAllowed(orgType, category))
        {
            throw new CategoryNotAllowedException(orgType, category);
        }
        var member = new Member
        {
            Id = id,
            OrganisationName = organisationName,
            OrgType = orgType,
            CountryIso3 = countryIso3,
            Category = category,
            CategoryVerified = categoryVerified,
            Status = MemberStatus.Active,
            MemberSince = memberSince,
            MemberSincePrecision = precision,
            SourceReference = sourceReference,
            StatusEffectiveOn = memberSince,
            UpdatedAt = actor.At,
        };
        member.Admitted(actor, $"source: {sourceReference}");
        return member;
    }

    public void Suspend(string reason, Actor actor)
    {
        MoveTo(MemberStatus.Suspended, Today(actor), reason, actor);
        Publish(MemberChangeKind.Suspended, Today(actor), reason);
    }

    public void Reinstate(string reason, Actor actor)
    {
        MoveTo(MemberStatus.Active, Today(actor), reason, actor);
        Publish(MemberChangeKind.Reinstated, Today(actor), reason);
    }

    /// <summary>Records a withdrawal that has taken effect on <paramref name="effectiveOn"/> (today or earlier).</summary>
    public void Withdraw(string reason, DateOnly effectiveOn, Actor actor)
    {
        EnsureCanMove(MemberStatus.Withdrawn);
        if (effectiveOn > Today(actor))
        {
            throw new InvalidEffectiveDateException("A withdrawal is recorded once it has taken effect: the effective date cannot be in the future.");
        }
        if (MemberSincePrecision == DatePrecision.Day && effectiveOn < MemberSince)
        {
            throw new InvalidEffectiveDateException($"The member joined on {MemberSince:yyyy-MM-dd}; it cannot have withdrawn before.");
        }
        MoveTo(MemberStatus.Withdrawn, effectiveOn, reason, actor);
        Publish(MemberChangeKind.Withdrawn, effectiveOn, reason);
    }

    /// <summary>
    /// Moves the member to another category; naming the category it already holds confirms a category
    /// no source had verified (and is refused when there is nothing to confirm).
    /// </summary>
    public void ChangeCategory(MembershipCategory category, string reason, Actor actor)
    {
        if (Status == MemberStatus.Withdrawn)
        {
            throw new ChangeRefusedException("The member has withdrawn; its category can no longer change.");
        }
        if (!CategoryRules.IsAllowed(OrgType, category))
        {
            throw new CategoryNotAllowedException(OrgType, category);
        }
        if (category == Category && CategoryVerified)
        {
            throw new ChangeRefusedException($"The member already holds the category '{Vocabulary.Code(category)}'.");
        }
        var previous = Category;
        _newAuditEntries.Add(AuditEntry.Record(
            AuditSubject.Member, Id, AuditedChange.Category, Vocabulary.Code(previous), Vocabulary.Code(category), actor, reason));
        Category = category;
        CategoryVerified = true;
        UpdatedAt = actor.At;
        Publish(MemberChangeKind.CategoryChanged, Today(actor), reason, previous);
    }

    /// <summary>Replaces the focal point and the alternate; not published (other services hold no contacts).</summary>
    public void ReplaceContacts(Contact focalPoint, Contact alternate, Actor actor)
    {
        if (Status == MemberStatus.Withdrawn)
        {
            throw new ChangeRefusedException("The member has withdrawn; its contacts can no longer change.");
        }
        // Names and e-mails stay out of the append-only trail: it could never honour an erasure request.
        _newAuditEntries.Add(AuditEntry.Record(AuditSubject.Member, Id, AuditedChange.Contacts, null, null, actor, "focal point and alternate replaced"));
        FocalPoint = focalPoint;
        Alternate = alternate;
        UpdatedAt = actor.At;
    }

    public IReadOnlyList<AuditEntry> TakeNewAuditEntries()
    {
        AuditEntry[] taken = [.. _newAuditEntries];
        _newAuditEntries.Clear();
        return taken;
    }

    public IReadOnlyList<MemberChange> TakeNewChanges()
    {
        MemberChange[] taken = [.. _newChanges];
        _newChanges.Clear();
        return taken;
    }

    private void Admitted(Actor actor, string reason)
    {
        _newAuditEntries.Add(AuditEntry.Record(AuditSubject.Member, Id, AuditedChange.Status, null, Vocabulary.Code(MemberStatus.Active), actor, reason));
        Publish(MemberChangeKind.Admitted, MemberSince, null);
    }

    private void EnsureCanMove(MemberStatus to)
    {
        if (!Lifecycles.CanMove(Status, to))
        {
            throw new IllegalTransitionException("member", Vocabulary.Code(Status), Vocabulary.Code(to));
        }
    }

    private void MoveTo(MemberStatus to, DateOnly effectiveOn, string reason, Actor actor)
    {
        EnsureCanMove(to);
        _newAuditEntries.Add(AuditEntry.Record(
            AuditSubject.Member, Id, AuditedChange.Status, Vocabulary.Code(Status), Vocabulary.Code(to), actor, reason));
        Status = to;
        StatusEffectiveOn = effectiveOn;
        StatusReason = reason.Trim();
        UpdatedAt = actor.At;
    }

    private void Publish(MemberChangeKind kind, DateOnly effectiveOn, string? reason, MembershipCategory? previousCategory = null)
    {
        Version++;
        _newChanges.Add(new MemberChange(
            kind, Id, OrganisationName, OrgType, CountryIso3, Category, Status, effectiveOn, Version, reason, previousCategory));
    }

    private static DateOnly Today(Actor actor) => DateOnly.FromDateTime(actor.At.UtcDateTime);
}
