namespace Gacere.ServiceDefaults;

/// <summary>Activity source and meter names shared by the platform's libraries.</summary>
public static class TelemetryNames
{
    public const string GacereWildcard = "Gacere.*";
    public const string MassTransit = "MassTransit";
}
