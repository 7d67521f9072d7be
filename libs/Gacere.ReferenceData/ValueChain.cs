namespace Gacere.ReferenceData;

/// <summary>
/// The key value chains of the EU Circular Economy Action Plan (DOMAIN.md, "Policy mapping"), one vocabulary for
/// the policy instruments and the partnerships, so the two can be compared value chain by value chain.
/// </summary>
public enum ValueChain
{
    ElectronicsIct,
    BatteriesVehicles,
    Packaging,
    Plastics,
    Textiles,
    ConstructionBuildings,
    FoodWaterNutrients,
    Other,
}
