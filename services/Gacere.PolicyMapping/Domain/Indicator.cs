namespace Gacere.PolicyMapping.Domain;

/// <summary>A circularity or resource-efficiency indicator that research needs and policies are linked to.</summary>
public sealed class Indicator
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary>The SDG indicators it reports, e.g. "8.4.1/12.2.1"; null where it is not an SDG indicator.</summary>
    public string? SdgIndicators { get; init; }
    public required string Custodian { get; init; }
}
