using Gacere.PolicyMapping.Apis;
using Gacere.PolicyMapping.Domain;
using Npgsql;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.PolicyMapping.Search;

/// <summary>Reads the columns of <see cref="PolicySql.ViewColumns"/> into the API's view.</summary>
internal static class PolicyRows
{
    public static PolicyInstrumentView Read(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetGuid(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.GetString(3),
        Vocabulary.Parse<JurisdictionLevel>(r.GetString(4)),
        r.GetString(5),
        r.GetString(6),
        r.GetString(7).Trim(),
        r.GetString(8),
        r.IsDBNull(9) ? null : r.GetString(9),
        r.IsDBNull(10) ? null : r.GetFieldValue<DateOnly>(10),
        r.IsDBNull(11) ? null : r.GetFieldValue<DateOnly>(11),
        Vocabulary.Parse<PolicyLifecycle>(r.GetString(12)),
        r.GetBoolean(13),
        r.GetString(14),
        Vocabulary.Parse<InstrumentType>(r.GetString(15)),
        r.IsDBNull(16) ? null : Vocabulary.Parse<PineType>(r.GetString(16)),
        PolicyInstrumentView.Parse<ValueChain>(r.GetFieldValue<string[]>(17)),
        PolicyInstrumentView.Parse<RStrategy>(r.GetFieldValue<string[]>(18)),
        PolicyInstrumentView.Parse<MaterialCategory>(r.GetFieldValue<string[]>(19)),
        PolicyInstrumentView.Parse<PolicyTheme>(r.GetFieldValue<string[]>(20)),
        r.GetFieldValue<string[]>(21),
        Vocabulary.Parse<CurationStatus>(r.GetString(22)),
        r.GetFieldValue<DateTimeOffset>(23),
        r.GetFieldValue<DateTimeOffset>(24),
        r.IsDBNull(25) ? null : r.GetFieldValue<DateTimeOffset>(25));
}
