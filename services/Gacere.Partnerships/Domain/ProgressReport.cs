using Gacere.ServiceDefaults;

namespace Gacere.Partnerships.Domain;

/// <summary>A partnership's annual progress report (UN Partnerships for SDGs); one per partnership per year.</summary>
public sealed class ProgressReport
{
    private ProgressReport() { }

    public Guid Id { get; private init; }
    public Guid PartnershipId { get; private init; }
    public int Year { get; private init; }
    public string Summary { get; private init; } = "";
    /// <summary>Subject of the token that submitted it.</summary>
    public string SubmittedBy { get; private init; } = "";
    public DateTimeOffset SubmittedAt { get; private init; }

    public static (ProgressReport Report, TrailEntry Trail) Submit(Partnership partnership, int year, string summary, Actor actor)
    {
        if (partnership.Status is not (PartnershipStatus.Active or PartnershipStatus.Completed))
        {
            throw new ChangeRefused("Not active.",
                $"The partnership is '{Vocabulary.Code(partnership.Status)}'; progress is reported once it is active.");
        }
        if (year < partnership.StartDate.Year || year > actor.Today.Year)
        {
            throw new InvalidPartnershipInput("year",
                $"A report covers a year from the partnership's start ({partnership.StartDate.Year}) to this year ({actor.Today.Year}).");
        }
        var report = new ProgressReport
        {
            Id = Guid.CreateVersion7(actor.At),
            PartnershipId = partnership.Id,
            Year = year,
            Summary = summary.Trim(),
            SubmittedBy = actor.Name,
            SubmittedAt = actor.At,
        };
        return (report, TrailEntry.Record(partnership.Id, TrailAction.ProgressReported, partnership.Status, partnership.Status, actor, $"progress report {year}"));
    }
}
