using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Gacere.Partnerships.Apis;
using Gacere.Partnerships.Data;
using Gacere.Partnerships.Domain;
using Gacere.ReferenceData;
using Gacere.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Gacere.Partnerships.Search;

/// <summary>
/// A checked search filter over published best practices. Within one field the values are alternatives (any of);
/// across fields they all hold.
/// </summary>
public sealed record BestPracticeFilter
{
    public string? Text { get; init; }
    public string[] OrganisationTypes { get; init; } = [];
    public string[] ValueChains { get; init; } = [];
    public string[] RStrategies { get; init; } = [];
    public string[] Languages { get; init; } = [];
    /// <summary>Alpha-3 codes from the country filter; null when not filtered.</summary>
    public string[]? Countries { get; init; }
    /// <summary>Alpha-3 codes of the region filter's countries; null when not filtered.</summary>
    public string[]? RegionCountries { get; init; }
    public Guid? PartnershipId { get; init; }

    /// <summary>The raw query turned into a filter, or null with every field that is wrong in <paramref name="errors"/>.</summary>
    public static BestPracticeFilter? Parse(BestPracticeQuery query, CountryCatalog catalog, Dictionary<string, string[]> errors)
    {
        var languages = QueryValues.Split(query.Language);
        if (languages.FirstOrDefault(l => !ReferenceData.Languages.IsIso6391(l)) is { } language)
        {
            errors["language"] = [$"'{language}' is not an ISO 639-1 code of two lower-case letters, e.g. 'en', 'es', 'sw'."];
        }
        string[]? countries = null;
        if (query.Country is { Length: > 0 })
        {
            countries = QueryValues.Split(query.Country);
            if (countries.FirstOrDefault(c => catalog.FindExact(c) is null) is { } country)
            {
                errors["country"] = [$"'{country}' is not an ISO 3166-1 alpha-3 country code (upper case, e.g. 'KEN')."];
            }
        }
        string[]? regionCountries = null;
        if (query.Region is { } region)
        {
            if (catalog.IsRegion(region))
            {
                regionCountries = [.. catalog.CountriesIn(region)];
            }
            else
            {
                errors["region"] = [$"'{region}' is not a UN M49 region code of three digits (e.g. '002' Africa, '150' Europe)."];
            }
        }
        var filter = new BestPracticeFilter
        {
            Text = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim(),
            OrganisationTypes = QueryValues.Codes<OrgType>("organisationType", query.OrganisationType, errors),
            ValueChains = QueryValues.Codes<ValueChain>("valueChain", query.ValueChain, errors),
            RStrategies = QueryValues.Codes<RStrategy>("rStrategy", query.RStrategy, errors),
            Languages = languages,
            Countries = countries,
            RegionCountries = regionCountries,
            PartnershipId = query.PartnershipId,
        };
        return errors.Count == 0 ? filter : null;
    }

}

/// <summary>The public search: a page of published best practices and every facet's counts, sent to PostgreSQL as one batch.</summary>
internal static class BestPracticeSearch
{
    private const string Table = ResourceNames.Partnerships + "." + BestPracticeConfiguration.Table;

    /// <summary>English with stemming, and 'simple' for words of other languages.</summary>
    private const string TsQuery = "(websearch_to_tsquery('english'::regconfig, @q) || websearch_to_tsquery('simple'::regconfig, @q))";

    private const string ViewColumns =
        "id, member_id, title, country_iso3::text, organisation_type, value_chain, r_strategies, language::text, outcomes, source, partnership_id, published_at";

    public static async Task<BestPracticeSearchPage> SearchAsync(
        PartnershipsDbContext db, CountryCatalog catalog, BestPracticeFilter filter, SearchCursor? after, int limit, CancellationToken cancellationToken)
    {
        var (where, parameters) = Where(filter);
        var hasText = filter.Text is not null;
        var page = hasText
            ? $"SELECT {ViewColumns}, rank FROM (SELECT *, ts_rank_cd(search_vector, {TsQuery}) AS rank FROM {Table} WHERE {where}) s" +
              (after is null ? "" : " WHERE (rank < @after_rank OR (rank = @after_rank AND id < @after_id))") +
              " ORDER BY rank DESC, id DESC LIMIT @limit"
            : $"SELECT {ViewColumns}, 0::real AS rank FROM {Table} WHERE {where}" +
              (after is null ? "" : " AND id < @after_id") +
              " ORDER BY id DESC LIMIT @limit";
        var facets = $"""
            WITH matched AS MATERIALIZED (SELECT country_iso3, organisation_type, value_chain, r_strategies, language FROM {Table} WHERE {where})
            SELECT 'total' AS facet, '' AS code, count(*) AS n FROM matched
            UNION ALL SELECT 'organisation_type', organisation_type, count(*) FROM matched GROUP BY organisation_type
            UNION ALL SELECT 'value_chain', value_chain, count(*) FROM matched GROUP BY value_chain
            UNION ALL SELECT 'r_strategy', v, count(*) FROM matched CROSS JOIN LATERAL unnest(r_strategies) v GROUP BY v
            UNION ALL SELECT 'language', language::text, count(*) FROM matched GROUP BY language
            UNION ALL SELECT 'country', country_iso3::text, count(*) FROM matched GROUP BY country_iso3
            """;

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            batch.BatchCommands.Add(Command(facets, parameters));
            var pageCommand = Command(page, parameters);
            pageCommand.Parameters.Add(new NpgsqlParameter("limit", limit + 1));
            if (after is not null)
            {
                pageCommand.Parameters.Add(new NpgsqlParameter("after_id", after.Id));
                if (after.Rank is { } rank)
                {
                    pageCommand.Parameters.Add(new NpgsqlParameter("after_rank", NpgsqlDbType.Real) { Value = rank });
                }
            }
            batch.BatchCommands.Add(pageCommand);

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var (counts, total) = await FacetCounts.ReadAsync(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            var items = new List<BestPracticeView>(limit + 1);
            var ranks = new List<float>(limit + 1);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new BestPracticeView(
                    reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                    Vocabulary.Parse<OrgType>(reader.GetString(4)), Vocabulary.Parse<ValueChain>(reader.GetString(5)),
                    [.. reader.GetFieldValue<string[]>(6).Select(Vocabulary.Parse<RStrategy>)], reader.GetString(7), reader.GetString(8), reader.GetString(9),
                    reader.IsDBNull(10) ? null : reader.GetGuid(10), reader.GetFieldValue<DateTimeOffset>(11)));
                ranks.Add(reader.GetFloat(12));
            }
            string? next = null;
            if (items.Count > limit)
            {
                items.RemoveAt(limit);
                next = new SearchCursor(items[^1].BestPracticeId, hasText ? ranks[limit - 1] : null).Encode();
            }
            return new BestPracticeSearchPage(items, total, Facets(counts, catalog), next);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The WHERE clause and its parameters; values are always parameters, never text in the SQL.</summary>
    private static (string Where, List<NpgsqlParameter> Parameters) Where(BestPracticeFilter filter)
    {
        var where = new List<string> { "status = 'published'" };
        var parameters = new List<NpgsqlParameter>();
        void Add(string condition, string name, object value, NpgsqlDbType? type = null)
        {
            where.Add(condition);
            parameters.Add(type is { } t ? new NpgsqlParameter(name, t) { Value = value } : new NpgsqlParameter(name, value));
        }
        void AnyOf(string column, string name, string[]? values)
        {
            if (values is not null && (values.Length > 0 || name is "countries" or "region_countries"))
            {
                Add($"{column} = ANY(@{name})", name, values, NpgsqlDbType.Array | NpgsqlDbType.Text);
            }
        }
        if (filter.Text is { } text)
        {
            Add($"search_vector @@ {TsQuery}", "q", text);
        }
        AnyOf("organisation_type", "organisation_types", filter.OrganisationTypes);
        AnyOf("value_chain", "value_chains", filter.ValueChains);
        AnyOf("language::text", "languages", filter.Languages);
        AnyOf("country_iso3::text", "countries", filter.Countries);
        AnyOf("country_iso3::text", "region_countries", filter.RegionCountries);
        if (filter.RStrategies.Length > 0)
        {
            Add("r_strategies && @r_strategies", "r_strategies", filter.RStrategies, NpgsqlDbType.Array | NpgsqlDbType.Text);
        }
        if (filter.PartnershipId is { } partnershipId)
        {
            Add("partnership_id = @partnership_id", "partnership_id", partnershipId);
        }
        return (string.Join(" AND ", where), parameters);
    }

    /// <summary>A command of the batch with its own copies of the filter's parameters.</summary>
    private static NpgsqlBatchCommand Command(string sql, List<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }
        return command;
    }

    private static BestPracticeFacets Facets(Dictionary<string, Dictionary<string, long>> counts, CountryCatalog catalog)
    {
        IReadOnlyList<FacetCount> Vocabulary<TEnum>(string facet) where TEnum : struct, Enum =>
            [.. Gacere.ServiceDefaults.Vocabulary.AllCodes<TEnum>().Select(code => new FacetCount(code, Count(facet, code)))];
        long Count(string facet, string code) => counts.TryGetValue(facet, out var byCode) && byCode.TryGetValue(code, out var n) ? n : 0;
        // Open vocabularies (languages, countries): the codes that occur, most frequent first.
        IReadOnlyList<FacetCount> Occurring(string facet) =>
            [.. (counts.GetValueOrDefault(facet) ?? []).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new FacetCount(c.Key, c.Value))];

        var byCountry = counts.GetValueOrDefault("country") ?? [];
        return new BestPracticeFacets(
            Vocabulary<OrgType>("organisation_type"),
            Vocabulary<ValueChain>("value_chain"),
            Vocabulary<RStrategy>("r_strategy"),
            Occurring("language"),
            Occurring("country"),
            [.. catalog.Regions.Select(region => new FacetCount(region.Code,
                byCountry.Where(c => catalog.Find(c.Key)?.RegionCode == region.Code).Sum(c => c.Value)))]);
    }
}
