namespace Gacere.Events.Domain;

/// <summary>A recurring conference GACERE meetings may sit beside (WCEF, UNEA editions).</summary>
public sealed class AnchorEvent
{
    public required string Edition { get; init; }
    public required string Series { get; init; }
    public DateOnly StartsOn { get; init; }
    public DateOnly EndsOn { get; init; }
    public required string Place { get; init; }
    public bool Online { get; init; }
}
