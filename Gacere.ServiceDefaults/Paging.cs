using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>Query-string paging for every list endpoint: <c>?page=1&amp;pageSize=20</c>.</summary>
public sealed class PageRequest
{
    public const int MaxPageSize = 100;

    /// <summary>The page to return, from 1; the first when omitted.</summary>
    [FromQuery(Name = "page"), Range(1, int.MaxValue)]
    public int? Page { get; init; }

    /// <summary>Items per page, 1 to 100; 20 when omitted.</summary>
    [FromQuery(Name = "pageSize"), Range(1, MaxPageSize)]
    public int? PageSize { get; init; }

    public int PageNumber => Page ?? 1;
    public int Size => PageSize ?? 20;
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
        var items = await orderedQuery.Skip((request.PageNumber - 1) * request.Size).Take(request.Size).ToListAsync(cancellationToken);
        return new Page<T>(items, request.PageNumber, request.Size, total);
    }
}
