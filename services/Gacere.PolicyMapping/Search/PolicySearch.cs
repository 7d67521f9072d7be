using Gacere.ServiceDefaults;
using Gacere.MemberReplica;
using Gacere.PolicyMapping.Apis;
using Gacere.PolicyMapping.Data;
using Gacere.PolicyMapping.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Gacere.ReferenceData;

namespace Gacere.PolicyMapping.Search;

/// <summary>The public reads over instruments: a page with its facets in one round trip, the map, the export.</summary>
internal static class PolicySearch
{
    /// <summary>The page and every facet's counts: from the cache while the published set is unchanged, else computed.</summary>
    public static async Task<PolicySearchPage> SearchAsync(
        PolicyMappingDbContext db, PolicyAnswerCache cache, CountryCatalog countries, PolicyFilter filter, SearchCursor? after, int limit,
        CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(db, cancellationToken);
        try
        {
            return await cache.GetOrComputeAsync(connection, filter, $"search|{after?.Encode()}|{limit}",
                () => ComputeSearchAsync(db, countries, filter, after, limit, cancellationToken), cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The map: from the cache while the published set and the replica are unchanged, else computed.</summary>
    public static async Task<PolicyMap> MapAsync(
        PolicyMappingDbContext db, PolicyAnswerCache cache, CountryCatalog countries, PolicyFilter filter, MapRows rows, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(db, cancellationToken);
        try
        {
            return await cache.GetOrComputeAsync(connection, filter, $"map|{rows}",
                () => ComputeMapAsync(db, countries, filter, rows, cancellationToken), cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The page and every facet's counts, sent to PostgreSQL as one batch.</summary>
    private static async Task<PolicySearchPage> ComputeSearchAsync(
        PolicyMappingDbContext db, CountryCatalog countries, PolicyFilter filter, SearchCursor? after, int limit, CancellationToken cancellationToken)
    {
        var sql = new PolicySql(filter);
        var connection = await OpenAsync(db, cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch(connection);
            var pageParameters = new List<(string, object)> { ("limit", limit + 1) };
            if (after is not null)
            {
                pageParameters.Add(("after_id", after.Id));
                if (after.Rank is { } rank)
                {
                    pageParameters.Add(("after_rank", rank));
                }
            }
            batch.BatchCommands.Add(sql.Command(sql.FacetsSql()));
            batch.BatchCommands.Add(sql.Command(sql.PageSql(after), [.. pageParameters]));

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var (counts, total) = await FacetCounts.ReadAsync(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            var items = new List<PolicyInstrumentView>(limit + 1);
            var ranks = new List<float>(limit + 1);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(PolicyRows.Read(reader));
                ranks.Add(reader.GetFloat(reader.FieldCount - 1));
            }
            string? next = null;
            if (items.Count > limit)
            {
                items.RemoveAt(limit);
                next = new SearchCursor(items[^1].InstrumentId, sql.HasText ? ranks[limit - 1] : null).Encode();
            }
            return new PolicySearchPage(items, total, Facets(counts, countries), next);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static PolicyFacets Facets(Dictionary<string, Dictionary<string, long>> counts, CountryCatalog countries)
    {
        IReadOnlyList<FacetCount> Vocabulary<TEnum>(string facet) where TEnum : struct, Enum =>
            [.. Gacere.ServiceDefaults.Vocabulary.AllCodes<TEnum>().Select(code => new FacetCount(code, Count(facet, code)))];
        long Count(string facet, string code) => counts.TryGetValue(facet, out var byCode) && byCode.TryGetValue(code, out var n) ? n : 0;

        var byCountry = counts.GetValueOrDefault("country") ?? [];
        var byRegion = countries.Regions.Select(region => new FacetCount(region.Code,
            byCountry.Where(c => countries.Find(c.Key)?.RegionCode == region.Code).Sum(c => c.Value)));
        return new PolicyFacets(
            Vocabulary<InstrumentType>("instrument_type"),
            Vocabulary<PineType>("pine_type"),
            Vocabulary<ValueChain>("value_chain"),
            Vocabulary<RStrategy>("r_strategy"),
            Vocabulary<MaterialCategory>("material_category"),
            Vocabulary<PolicyTheme>("theme"),
            Vocabulary<JurisdictionLevel>("level"),
            Vocabulary<PolicyLifecycle>("lifecycle"),
            [new FacetCount("true", Count("binding", "true")), new FacetCount("false", Count("binding", "false"))],
            [.. byCountry.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new FacetCount(c.Key, c.Value))],
            [.. byRegion]);
    }

    /// <summary>
    /// The map: counts per row and instrument type. Country rows are every member jurisdiction in the replica that
    /// is not withdrawn (and any other with instruments), so a member with nothing of a type shows as a gap.
    /// </summary>
    private static async Task<PolicyMap> ComputeMapAsync(
        PolicyMappingDbContext db, CountryCatalog countries, PolicyFilter filter, MapRows rows, CancellationToken cancellationToken)
    {
        var sql = new PolicySql(filter);
        var text = rows switch
        {
            MapRows.Country => sql.ByMemberSql(),
            MapRows.Region => sql.ByCountrySql(),
            _ => sql.ByValueChainSql(),
        };
        var cells = new List<(string Key, string Type, long Count)>();
        var connection = await OpenAsync(db, cancellationToken);
        try
        {
            await using var command = sql.Command(connection, text);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = rows == MapRows.Country ? reader.GetGuid(0).ToString() : reader.GetString(0);
                cells.Add((key, reader.GetString(1), reader.GetInt64(2)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        List<(string Key, string Name)> rowKeys;
        switch (rows)
        {
            case MapRows.Country:
                var jurisdictions = await CountryRowsAsync(db, countries, filter, cells.Select(c => Guid.Parse(c.Key)).ToHashSet(), cancellationToken);
                // Counted per member, shown per country (or organisation id).
                var keyOf = jurisdictions.ToDictionary(j => j.MemberKey, j => j.Key);
                cells = [.. cells.Where(c => keyOf.ContainsKey(c.Key)).Select(c => (keyOf[c.Key], c.Type, c.Count))];
                rowKeys = [.. jurisdictions.Select(j => (j.Key, j.Name)).DistinctBy(j => j.Key)];
                break;
            case MapRows.Region:
                // Counted per country, summed per top-level M49 region.
                cells = [.. cells.Select(c => (countries.Find(c.Key)?.RegionCode ?? "", c.Type, c.Count)).Where(c => c.Item1.Length > 0)];
                rowKeys = [.. countries.Regions.Select(r => (r.Code, r.Name))];
                break;
            default:
                rowKeys = [.. Gacere.ServiceDefaults.Vocabulary.AllCodes<ValueChain>().Select(code => (code, code))];
                break;
        }

        var types = Gacere.ServiceDefaults.Vocabulary.AllCodes<InstrumentType>();
        var byRow = cells.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.GroupBy(c => c.Type).ToDictionary(t => t.Key, t => t.Sum(c => c.Count)));
        var items = rowKeys.Select(row =>
        {
            var found = byRow.GetValueOrDefault(row.Key) ?? [];
            var counts = types.ToDictionary(t => t, t => found.GetValueOrDefault(t));
            return new PolicyMapRow(row.Key, row.Name, counts, counts.Values.Sum(),
                [.. types.Where(t => counts[t] == 0).Select(Gacere.ServiceDefaults.Vocabulary.Parse<InstrumentType>)]);
        }).ToList();
        var totals = types.ToDictionary(t => t, t => items.Sum(i => i.Counts[t]));
        return new PolicyMap(Gacere.ServiceDefaults.Vocabulary.Code(rows), Enum.GetValues<InstrumentType>(), items, totals);
    }

    private static async Task<List<(string MemberKey, string Key, string Name)>> CountryRowsAsync(
        PolicyMappingDbContext db, CountryCatalog countries, PolicyFilter filter, HashSet<Guid> withInstruments, CancellationToken cancellationToken)
    {
        var jurisdictions = await db.Set<ReplicatedMember>().AsNoTracking()
            .Where(m => withInstruments.Contains(m.MemberId) ||
                        (m.Status != "withdrawn" &&
                         ((m.OrgType == PolicyServices.NationalGovernment && m.CountryIso3 != null) || m.OrgType == PolicyServices.RegionalOrganisation)))
            .Select(m => new { m.MemberId, m.CountryIso3, m.OrganisationName })
            .ToListAsync(cancellationToken);
        // The country and region filters narrow the rows too; an organisation has no country, so they leave it out.
        var rows = jurisdictions
            .Where(m => filter.Countries is null || (m.CountryIso3 is not null && filter.Countries.Contains(m.CountryIso3)))
            .Where(m => filter.RegionCountries is null || (m.CountryIso3 is not null && filter.RegionCountries.Contains(m.CountryIso3)))
            .Select(m => (Key: m.MemberId.ToString(), Country: m.CountryIso3, Name: countries.Find(m.CountryIso3)?.Name ?? m.OrganisationName))
            .ToList();
        // Instruments of a member the replica no longer knows still count, under their own id.
        rows.AddRange(withInstruments.Where(id => jurisdictions.All(m => m.MemberId != id)).Select(id => (id.ToString(), (string?)null, id.ToString())));
        return [.. rows.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Country ?? r.Key, r.Name))];
    }

    private static async Task<NpgsqlConnection> OpenAsync(PolicyMappingDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return (NpgsqlConnection)db.Database.GetDbConnection();
    }
}

/// <summary>What a row of the map is.</summary>
public enum MapRows
{
    Country,
    Region,
    ValueChain,
}
