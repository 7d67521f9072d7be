namespace Gacere.PolicyMapping.Apis;

internal static partial class ProposalLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {ProposalId} proposed by {Proposer} (by {Actor})")]
    public static partial void Proposed(this ILogger logger, string kind, Guid proposalId, string proposer, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {ProposalId}: {Action}, now {Status} (by {Actor})")]
    public static partial void ProposalMoved(this ILogger logger, string kind, Guid proposalId, string action, string status, string actor);
}
