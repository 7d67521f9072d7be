namespace Gacere.Partnerships.Apis;

internal static partial class PartnershipsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Partnership {PartnershipId} proposed by {Actor}: {Candidates} likely duplicates listed")]
    public static partial void Proposed(this ILogger logger, Guid partnershipId, string actor, int candidates);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partnership {PartnershipId}: {Action} (status {Status}, by {Actor})")]
    public static partial void Changed(this ILogger logger, Guid partnershipId, string action, string status, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Best practice {BestPracticeId}: {Action} (by {Actor})")]
    public static partial void BestPracticeChanged(this ILogger logger, Guid bestPracticeId, string action, string actor);
}
