namespace Gacere.PolicyMapping.Apis;

internal static partial class PolicyLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Policy instrument {InstrumentId} drafted for {Jurisdiction} (by {Actor})")]
    public static partial void InstrumentDrafted(this ILogger logger, Guid instrumentId, string jurisdiction, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy instrument {InstrumentId}: {Action}, now {Status} (by {Actor})")]
    public static partial void InstrumentMoved(this ILogger logger, Guid instrumentId, string action, string status, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy instruments imported: {Created} drafts created, {Unchanged} rows already recorded (by {Actor})")]
    public static partial void InstrumentsImported(this ILogger logger, int created, int unchanged, string actor);
}
