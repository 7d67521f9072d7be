namespace Gacere.Partnerships.Domain;

/// <summary>A known initiative outside GACERE that a new partnership proposal must not duplicate.</summary>
public sealed class ExternalInitiative
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    /// <summary>UN M49 region code where the initiative is regional (e.g. "002" Africa), null where global.</summary>
    public string? M49Region { get; init; }
}
