namespace Gacere.Membership.Apis;

internal static partial class MembershipLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Application {ApplicationId} submitted by {OrgType} '{OrganisationName}'")]
    public static partial void ApplicationSubmitted(this ILogger logger, Guid applicationId, string orgType, string organisationName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {ApplicationId} is now {Status} (by {Actor})")]
    public static partial void ApplicationMoved(this ILogger logger, Guid applicationId, string status, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} admitted as {Category} from application {ApplicationId} (by {Actor})")]
    public static partial void MemberAdmitted(this ILogger logger, Guid memberId, string category, Guid applicationId, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId}: {Change} (status {Status}, category {Category}, version {Version}, by {Actor})")]
    public static partial void MemberChanged(this ILogger logger, Guid memberId, string change, string status, string category, long version, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotency-Key replayed for {Operation}")]
    public static partial void IdempotentReplay(this ILogger logger, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency store unavailable for {Operation}")]
    public static partial void IdempotencyUnavailable(this ILogger logger, Exception error, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Application {ApplicationId} created but its Idempotency-Key response could not be stored")]
    public static partial void IdempotencyNotRecorded(this ILogger logger, Exception error, Guid applicationId);
}
