using Gacere.ServiceDefaults;

namespace Gacere.PolicyMapping.Domain;

/// <summary>A curation step the lifecycle does not have (e.g. publishing a draft): 409.</summary>
public sealed class IllegalCurationMove(CurationStatus from, CurationAction action)
    : DomainRefusal(RefusalKind.Conflict, "The curation step is not allowed.",
        $"The instrument is '{Vocabulary.Code(from)}'; it cannot be {Past(action)}. " +
        $"Allowed from '{Vocabulary.Code(from)}': {Allowed(from)}.")
{
    private static string Past(CurationAction action) => action switch
    {
        CurationAction.Submit => "submitted",
        CurationAction.Validate => "validated",
        CurationAction.Publish => "published",
        CurationAction.Reject => "rejected",
        CurationAction.Archive => "archived",
        _ => "returned to draft",
    };

    private static string Allowed(CurationStatus from) =>
        Curation.Moves.Keys.Where(k => k.From == from).Select(k => Vocabulary.Code(k.Action)) is var actions && actions.Any()
            ? string.Join(", ", actions)
            : "nothing";
}

/// <summary>The caller's role may not take this step at all (a focal point publishing): 403.</summary>
public sealed class CurationStepForbidden(CurationAction action)
    : DomainRefusal(RefusalKind.Forbidden, "Only the secretariat may take this step.",
        $"'{Vocabulary.Code(action)}' is the secretariat's decision.");

/// <summary>A focal point acting for another member's jurisdiction: 403.</summary>
public sealed class NotYourJurisdiction()
    : DomainRefusal(RefusalKind.Forbidden, "Not your jurisdiction.",
        "A focal point records and submits instruments for its own member's jurisdiction only.");

/// <summary>The jurisdiction's member is suspended or withdrawn in the replica: its instruments are frozen (409).</summary>
public sealed class MemberNotActive(string organisationName, string status)
    : DomainRefusal(RefusalKind.Conflict, "The member is not active.",
        $"{organisationName} is {status} in the Alliance: its instruments cannot be drafted, changed or submitted until it is active again.");

/// <summary>An import row whose jurisdiction's member is suspended or withdrawn: 409 as for one draft, naming the row.</summary>
public sealed class ImportedMemberNotActive(int row, string organisationName, string status)
    : DomainRefusal(RefusalKind.Conflict, "The member is not active.",
        $"Row {row}: {organisationName} is {status} in the Alliance: its instruments cannot be drafted until it is active again. Nothing was imported.");

/// <summary>Changing the content of an instrument after it left draft: 409.</summary>
public sealed class InstrumentNotEditable(CurationStatus status)
    : DomainRefusal(RefusalKind.Conflict, "The instrument cannot be changed.",
        $"The instrument is '{Vocabulary.Code(status)}'; only a draft can be changed (a rejected one returns to draft first).");

/// <summary>A step that must say why, sent without a reason: 400 naming the field.</summary>
public sealed class ReasonRequired(CurationAction action)
    : DomainRefusal(RefusalKind.InvalidInput, "One or more validation errors occurred.",
        $"Say why the instrument is {(action == CurationAction.Reject ? "rejected" : "archived")}.", "reason");

/// <summary>Someone else changed the instrument between this request's read and write: 409.</summary>
public sealed class ConcurrentChange()
    : DomainRefusal(RefusalKind.Conflict, "Changed concurrently.",
        "Someone else changed this instrument at the same time; read it again and retry.");

/// <summary>The jurisdiction already has an instrument with this source URL (the natural key): 409.</summary>
public sealed class AlreadyRecorded()
    : DomainRefusal(RefusalKind.Conflict, "Already recorded.",
        "This jurisdiction already has an instrument with this source URL; revise that one instead.");
