namespace Gacere.ReferenceData;

/// <summary>The key value chains of the EU Circular Economy Action Plan (DOMAIN.md, "Policy mapping").</summary>
/// <remarks>One vocabulary for policy instruments and partnerships, so the two compare value chain by value chain.</remarks>
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
