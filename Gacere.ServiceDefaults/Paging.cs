using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gacere.ServiceDefaults;

/// <summary>
/// Query-string paging for every list endpoint: <c>?page=1&amp;pageSize=20</c>. Both are bounded, so the
/// offset a page asks for always fits (an unbounded page once overflowed into a negative OFFSET, a 500).
/// </summary>
public sealed class PageRequest
{
    public const int MaxPageSize = 100;

    /// <summary>Deeper than anyone reads by page number; keyset paging is the way past it.</summary>
    public const int MaxPage = 10_000;

    /// <summary>The page to return, from 1 to 10 000; the first when omitted.</summary>
    [FromQuery(Name = "page"), Range(1, MaxPage)]
    public int? Page { get; init; }

    /// <summary>Items per page, 1 to 100; 20 when omitted.</summary>
    [FromQuery(Name = "pageSize"), Range(1, MaxPageSize)]
    public int? PageSize { get; init; }

    public int PageNumber => Page ?? 1;
    public int Size => PageSize ?? 20;

    /// <summary>The rows before this page; in range for every page the validator lets through.</summary>
    public int Offset => checked((PageNumber - 1) * Size);
}

/// <summary>One page of a list in a stable order.</summary>
/// <param name="Items">The items on this page; fewer than the page size on the last page.</param>
/// <param name="PageNumber">This page's number, from 1.</param>
/// <param name="PageSize">The page size asked for.</param>
/// <param name="TotalCount">Items on all pages together.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long TotalCount)
{
    /// <summary>The same page with each item turned into its view.</summary>
    public Page<TOut> Map<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], PageNumber, PageSize, TotalCount);
}

public static class PagingExtensions
{
    /// <summary>One page of an already stably ordered query, with the total count.</summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> orderedQuery, PageRequest request, CancellationToken cancellationToken)
    {
        var total = await orderedQuery.LongCountAsync(cancellationToken);
        var items = await orderedQuery.Skip(request.Offset).Take(request.Size).ToListAsync(cancellationToken);
        return new Page<T>(items, request.PageNumber, request.Size, total);
    }
}
