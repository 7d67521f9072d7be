using Gacere.ServiceDefaults;
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
        // The conditions the kept map counts can answer too (type, country, region), and whether any other narrows the filter.
        var kept = new List<string> { "n > 0" };
        var onlyKept = true;
        // The conditions the narrow copy for text (published_text) can answer: the text and the keepable ones.
        var narrow = new List<string>();
        var onlyNarrow = true;
        void Add(string condition, string name, object value, NpgsqlDbType? type = null, bool keepable = false, bool narrowable = false)
        {
            where.Add(condition);
            _parameters.Add((name, value, type));
            if (keepable)
            {
                kept.Add(condition);
            }
            else
            {
                onlyKept = false;
            }
            if (keepable || narrowable)
            {
                narrow.Add(condition);
            }
            else
            {
                onlyNarrow = false;
            }
        }
        var published = filter.Status == Vocabulary.Code(Domain.CurationStatus.Published);
        where.Add("status = @status");
        _parameters.Add(("status", filter.Status, null));
        if (filter.Text is { } text)
        {
            Add($"search_vector @@ {TsQuery}", "q", text, narrowable: true);
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
        if (filter.InstrumentTypes.Length > 0)
        {
            Add("instrument_type = ANY(@instrument_types)", "instrument_types", filter.InstrumentTypes, NpgsqlDbType.Array | NpgsqlDbType.Text, keepable: true);
        }
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
            Add("country_iso3 = ANY(@countries::bpchar[])", "countries", countries, NpgsqlDbType.Array | NpgsqlDbType.Text, keepable: true);
        }
        if (filter.RegionCountries is { } regionCountries)
        {
            Add("country_iso3 = ANY(@region_countries::bpchar[])", "region_countries", regionCountries, NpgsqlDbType.Array | NpgsqlDbType.Text, keepable: true);
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
        AllPublished = published && where.Count == 1;
        KeptMap = published && onlyKept;
        _keptWhere = string.Join(" AND ", kept);
        NarrowText = published && HasText && onlyNarrow;
        _narrowWhere = string.Join(" AND ", narrow);
    }

    private readonly string _keptWhere;

    private readonly string _narrowWhere;

    public string Where { get; }

    public bool HasText { get; }

    /// <summary>The filter is every published instrument (no field narrows it): the facets are the kept totals.</summary>
    public bool AllPublished { get; }

    /// <summary>
    /// The filter narrows the published instruments by type, country or region only (or not at all): the map is read
    /// from the kept counts (<c>published_map_members</c>, <c>published_map_chains</c>, migration PublishedMapCounts),
    /// whose columns carry the same names, so the same conditions apply to them. Every other filter counts the rows.
    /// </summary>
    public bool KeptMap { get; }

    /// <summary>
    /// The filter is a text over the published instruments, narrowed otherwise only by type, country or region: its map
    /// counts, and its first page ranks, the rows of <c>published_text</c> (migration PublishedText), a narrow copy of
    /// the published instruments (id, member, country, type, value chains, search vector) kept by the same trigger as the
    /// kept counts, instead of reading the wide rows (titles, summaries) of every match. Its columns carry the same
    /// names, so the same conditions apply to it.
    /// </summary>
    public bool NarrowText { get; }

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

    /// <summary>
    /// Every facet's counts over the matching rows in one pass: each row carries its facet values as "facet:code"
    /// texts (<c>facet_keys</c>, a stored generated column, migration FacetKeys) and "total:", so unnesting them and
    /// grouping once gives every facet and the total (facet "total", code ""). Formerly a materialised CTE read eleven
    /// times (one GROUP BY or unnest per facet): five to ten times slower on a broad filter.
    /// </summary>
    /// <remarks>
    /// With no filter but "published", the counts are read from <c>published_facet_counts</c>, which the triggers
    /// that change a published row keep in the same statement (migrations FacetKeys, PublishedMapCounts): a few hundred rows instead of
    /// every instrument.
    /// </remarks>
    public string FacetsSql() => AllPublished
        ? "SELECT split_part(key, ':', 1) AS facet, split_part(key, ':', 2) AS code, n " +
          $"FROM {ResourceNames.PolicyMapping}.published_facet_counts WHERE n > 0"
        : "SELECT split_part(k, ':', 1) AS facet, split_part(k, ':', 2) AS code, count(*) AS n " +
          $"FROM (SELECT unnest(facet_keys) AS k FROM {Table} WHERE {Where}) matched GROUP BY k";

    /// <summary>
    /// One page after the cursor. With text: best rank first, then id; otherwise newest id first. One row more
    /// than the page tells whether another page follows.
    /// </summary>
    /// <remarks>
    /// With <see cref="NarrowText"/> the matches are ranked over <c>published_text</c> and only the page's rows are read
    /// by id: the same rank of the same vector, so the same order and cursor.
    /// </remarks>
    public string PageSql(SearchCursor? after) => NarrowText
        ? $"SELECT {ViewColumns}, rank FROM (SELECT hit, rank FROM (SELECT id AS hit, ts_rank_cd(search_vector, {TsQuery}) AS rank " +
          $"FROM {NarrowTable} WHERE {_narrowWhere}) r" +
          (after is null ? "" : " WHERE (rank < @after_rank OR (rank = @after_rank AND hit < @after_id))") +
          $" ORDER BY rank DESC, hit DESC LIMIT @limit) top JOIN {Table} ON id = hit ORDER BY rank DESC, id DESC"
        : RowsPageSql(after);

    /// <summary>The page of <see cref="PageSql"/> ranked over the wide rows whatever the filter (the benchmark's baseline and EXPLAIN compare the two).</summary>
    public string RowsPageSql(SearchCursor? after) => HasText
        ? $"SELECT {ViewColumns}, rank FROM (SELECT *, ts_rank_cd(search_vector, {TsQuery}) AS rank FROM {Table} WHERE {Where}) s" +
          (after is null ? "" : " WHERE (rank < @after_rank OR (rank = @after_rank AND id < @after_id))") +
          " ORDER BY rank DESC, id DESC LIMIT @limit"
        : $"SELECT {ViewColumns}, 0::real AS rank FROM {Table} WHERE {Where}" +
          (after is null ? "" : " AND id < @after_id") +
          " ORDER BY id DESC LIMIT @limit";

    /// <summary>Every matching row, for an export (streamed), in a stable order.</summary>
    public string ExportSql() => $"SELECT {ViewColumns} FROM {Table} WHERE {Where} ORDER BY country_iso3 NULLS LAST, jurisdiction_name, id";

    /// <summary>
    /// Counts per (member, type) for the country map: from <c>published_map_members</c> when <see cref="KeptMap"/>, from
    /// <c>published_text</c> when <see cref="NarrowText"/>, else counted over the matching rows (every such filter names a column
    /// outside <c>ix_policy_instruments_published_member_type</c>, so that index no longer serves the map index-only).
    /// </summary>
    public string ByMemberSql() => KeptMap
        ? $"SELECT member_id, instrument_type, sum(n)::bigint FROM {KeptMembers} WHERE {_keptWhere} GROUP BY member_id, instrument_type"
        : NarrowText
        ? $"SELECT member_id, instrument_type, count(*) FROM {NarrowTable} WHERE {_narrowWhere} GROUP BY member_id, instrument_type"
        : CountedByMemberSql();

    /// <summary>The map by member counted over the rows whatever the filter (the benchmark's EXPLAIN compares it with the kept counts).</summary>
    public string CountedByMemberSql() => $"SELECT member_id, instrument_type, count(*) FROM {Table} WHERE {Where} GROUP BY member_id, instrument_type";

    /// <summary>Counts per (country, type) for the region map: from <c>published_map_members</c> when <see cref="KeptMap"/>.</summary>
    public string ByCountrySql() => KeptMap
        ? $"SELECT country_iso3::text, instrument_type, sum(n)::bigint FROM {KeptMembers} WHERE {_keptWhere} AND country_iso3 IS NOT NULL GROUP BY country_iso3, instrument_type"
        : $"SELECT country_iso3::text, instrument_type, count(*) FROM {(NarrowText ? NarrowTable : Table)} WHERE {(NarrowText ? _narrowWhere : Where)} " +
          "AND country_iso3 IS NOT NULL GROUP BY country_iso3, instrument_type";

    /// <summary>
    /// Counts per (value chain, type) for the value-chain map: from <c>published_map_chains</c> when <see cref="KeptMap"/>.
    /// Otherwise the unnest in the select list (one pass, no lateral function scan per row) reads only what
    /// ix_policy_instruments_published_type_chains holds on a broad filter.
    /// </summary>
    public string ByValueChainSql() => KeptMap
        ? $"SELECT value_chain, instrument_type, sum(n)::bigint FROM {KeptChains} WHERE {_keptWhere} GROUP BY value_chain, instrument_type"
        : $"SELECT v, instrument_type, count(*) FROM (SELECT unnest(value_chains) AS v, instrument_type FROM {(NarrowText ? NarrowTable : Table)} " +
          $"WHERE {(NarrowText ? _narrowWhere : Where)}) chains GROUP BY v, instrument_type";

    private const string KeptMembers = ResourceNames.PolicyMapping + ".published_map_members";
    private const string KeptChains = ResourceNames.PolicyMapping + ".published_map_chains";
    private const string NarrowTable = ResourceNames.PolicyMapping + ".published_text";
}
