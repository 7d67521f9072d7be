namespace Gacere.PolicyMapping.Domain;

/// <summary>A circularity or resource-efficiency indicator that instruments and research needs are linked to.</summary>
public sealed class Indicator
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary>The SDG indicators it reports, e.g. ["8.4.1", "12.2.1"]; empty where it is not an SDG indicator.</summary>
    public string[] SdgCodes { get; init; } = [];
    /// <summary>The agency that keeps the indicator, where DOMAIN.md names it (Eurostat for the circular material use rate); null otherwise.</summary>
    public string? Custodian { get; init; }
}
