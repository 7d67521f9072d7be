using Gacere.ServiceDefaults;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Gacere.PolicyMapping.Search;

/// <summary>
/// The WHERE clause of a <see cref="PolicyFilter"/> over <c>policy_instruments</c>, with its parameters. Built
/// once per request and given to every command of the batch (search page, facets, map, export), so they all
/// count the same rows. Values are always parameters, never text in the SQL.
/// </summary>
internal sealed class PolicySql
{
    public const string Table = ResourceNames.PolicyMapping + "." + Data.PolicyInstrumentConfiguration.Table;

    /// <summary>Both languages: English with stemming, and 'simple' for the original language's words.</summary>
    public const string TsQuery = "(websearch_to_tsquery('english'::regconfig, @q) || websearch_to_tsquery('simple'::regconfig, @q))";

    private readonly List<(string Name, object Value, NpgsqlDbType? Type)> _parameters = [];

    public PolicySql(PolicyFilter filter)
    {
        var where = new List<string>();
        void Add(string condition, string name, object value, NpgsqlDbType? type = null)
        {
            where.Add(condition);
            _parameters.Add((name, value, type));
        }
        Add("status = @status", "status", filter.Status);
        if (filter.Text is { } text)
        {
            Add($"search_vector @@ {TsQuery}", "q", text);
        }
        void AnyOf(string column, string name, string[] values)
        {
            if (values.Length > 0)
            {
                Add($"{column} = ANY(@{name})", name, values, NpgsqlDbType.Array | NpgsqlDbType.Text);
            }
        }
        void Overlaps(string column, string name, string[] values)
        {
            if (values.Length > 0)
            {
                Add($"{column} && @{name}", name, values, NpgsqlDbType.Array | NpgsqlDbType.Text);
            }
        }
        AnyOf("instrument_type", "instrument_types", filter.InstrumentTypes);
        AnyOf("pine_type", "pine_types", filter.PineTypes);
        AnyOf("level", "levels", filter.Levels);
        AnyOf("lifecycle", "lifecycles", filter.Lifecycles);
        Overlaps("value_chains", "value_chains", filter.ValueChains);
        Overlaps("r_strategies", "r_strategies", filter.RStrategies);
        Overlaps("material_categories", "material_categories", filter.MaterialCategories);
        Overlaps("themes", "themes", filter.Themes);
        Overlaps("indicator_codes", "indicators", filter.Indicators);
        if (filter.Countries is { } countries)
        {
            Add("country_iso3 = ANY(@countries::bpchar[])", "countries", countries, NpgsqlDbType.Array | NpgsqlDbType.Text);
        }
        if (filter.RegionCountries is { } regionCountries)
        {
            Add("country_iso3 = ANY(@region_countries::bpchar[])", "region_countries", regionCountries, NpgsqlDbType.Array | NpgsqlDbType.Text);
        }
        if (filter.Binding is { } binding)
        {
            Add("binding = @binding", "binding", binding);
        }
        if (filter.AdoptedFrom is { } adoptedFrom)
        {
            Add("adopted_on >= @adopted_from", "adopted_from", adoptedFrom);
        }
        if (filter.AdoptedTo is { } adoptedTo)
        {
            Add("adopted_on <= @adopted_to", "adopted_to", adoptedTo);
        }
        if (filter.InForceFrom is { } inForceFrom)
        {
            Add("in_force_on >= @in_force_from", "in_force_from", inForceFrom);
        }
        if (filter.InForceTo is { } inForceTo)
        {
            Add("in_force_on <= @in_force_to", "in_force_to", inForceTo);
        }
        Where = string.Join(" AND ", where);
        HasText = filter.Text is not null;
    }

    public string Where { get; }

    public bool HasText { get; }

    /// <summary>A command of a batch with this filter's parameters (each command needs its own copies).</summary>
    public NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] extra)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddParameters(command.Parameters, extra);
        return command;
    }

    public NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object Value)[] extra)
    {
        var command = new NpgsqlCommand(sql, connection);
        AddParameters(command.Parameters, extra);
        return command;
    }

    private void AddParameters(NpgsqlParameterCollection parameters, (string Name, object Value)[] extra)
    {
        foreach (var (name, value, type) in _parameters)
        {
            parameters.Add(type is { } t ? new NpgsqlParameter(name, t) { Value = value } : new NpgsqlParameter(name, value));
        }
        foreach (var (name, value) in extra)
        {
            parameters.Add(new NpgsqlParameter(name, value));
        }
    }

    /// <summary>The columns <see cref="PolicyRows.Read"/> reads, in its order.</summary>
    public const string ViewColumns =
        "id, member_id, country_iso3::text, jurisdiction_name, level, title_original, title_english, original_language, summary, " +
        "summary_original, adopted_on, in_force_on, lifecycle, binding, source_url, instrument_type, pine_type, value_chains, " +
        "r_strategies, material_categories, themes, indicator_codes, status, created_at, updated_at, published_at";

    /// <summary>Every facet's counts over the matching rows, read once (the CTE is materialised).</summary>
    public string FacetsSql() => new StringBuilder()
        .Append("WITH matched AS MATERIALIZED (SELECT country_iso3, instrument_type, pine_type, value_chains, r_strategies, ")
        .Append("material_categories, themes, level, lifecycle, binding FROM ").Append(Table).Append(" WHERE ").Append(Where).Append(")\n")
        .Append("SELECT 'total' AS facet, '' AS code, count(*) AS n FROM matched\n")
        .Append("UNION ALL SELECT 'instrument_type', instrument_type, count(*) FROM matched GROUP BY instrument_type\n")
        .Append("UNION ALL SELECT 'pine_type', pine_type, count(*) FROM matched WHERE pine_type IS NOT NULL GROUP BY pine_type\n")
        .Append("UNION ALL SELECT 'value_chain', v, count(*) FROM matched CROSS JOIN LATERAL unnest(value_chains) v GROUP BY v\n")
        .Append("UNION ALL SELECT 'r_strategy', v, count(*) FROM matched CROSS JOIN LATERAL unnest(r_strategies) v GROUP BY v\n")
        .Append("UNION ALL SELECT 'material_category', v, count(*) FROM matched CROSS JOIN LATERAL unnest(material_categories) v GROUP BY v\n")
        .Append("UNION ALL SELECT 'theme', v, count(*) FROM matched CROSS JOIN LATERAL unnest(themes) v GROUP BY v\n")
        .Append("UNION ALL SELECT 'level', level, count(*) FROM matched GROUP BY level\n")
        .Append("UNION ALL SELECT 'lifecycle', lifecycle, count(*) FROM matched GROUP BY lifecycle\n")
        .Append("UNION ALL SELECT 'binding', CASE WHEN binding THEN 'true' ELSE 'false' END, count(*) FROM matched GROUP BY binding\n")
        .Append("UNION ALL SELECT 'country', country_iso3::text, count(*) FROM matched WHERE country_iso3 IS NOT NULL GROUP BY country_iso3")
        .ToString();

    /// <summary>
    /// One page after the cursor. With text: best rank first, then id; otherwise newest id first. One row more
    /// than the page tells whether another page follows.
    /// </summary>
    public string PageSql(SearchCursor? after) => HasText
        ? $"SELECT {ViewColumns}, rank FROM (SELECT *, ts_rank_cd(search_vector, {TsQuery}) AS rank FROM {Table} WHERE {Where}) s" +
          (after is null ? "" : " WHERE (rank < @after_rank OR (rank = @after_rank AND id < @after_id))") +
          " ORDER BY rank DESC, id DESC LIMIT @limit"
        : $"SELECT {ViewColumns}, 0::real AS rank FROM {Table} WHERE {Where}" +
          (after is null ? "" : " AND id < @after_id") +
          " ORDER BY id DESC LIMIT @limit";

    /// <summary>Every matching row, for an export (streamed), in a stable order.</summary>
    public string ExportSql() => $"SELECT {ViewColumns} FROM {Table} WHERE {Where} ORDER BY country_iso3 NULLS LAST, jurisdiction_name, id";

    /// <summary>Counts per (member, type) for the country map.</summary>
    public string ByMemberSql() => $"SELECT member_id, instrument_type, count(*) FROM {Table} WHERE {Where} GROUP BY member_id, instrument_type";

    /// <summary>Counts per (country, type) for the region map.</summary>
    public string ByCountrySql() => $"SELECT country_iso3::text, instrument_type, count(*) FROM {Table} WHERE {Where} AND country_iso3 IS NOT NULL GROUP BY country_iso3, instrument_type";

    /// <summary>Counts per (value chain, type) for the value-chain map.</summary>
    public string ByValueChainSql() => $"SELECT v, instrument_type, count(*) FROM {Table} CROSS JOIN LATERAL unnest(value_chains) v WHERE {Where} GROUP BY v, instrument_type";
}
