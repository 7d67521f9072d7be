using Gacere.MemberReplica;
using Gacere.PolicyMapping.Domain;
using Gacere.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Gacere.PolicyMapping.Apis;

/// <summary>What the barrier and research-need endpoints share: who proposes, who reads what, the public filters, the trail.</summary>
internal static class ProposalAccess
{
    /// <summary>The member a focal point proposes for (its own, with its standing in the replica); null for the secretariat.</summary>
    public static async Task<ProposingMember?> ProposingMemberAsync(this PolicyServices services)
    {
        if (services.IsSecretariat || services.User.FocalPointMemberId() is not { } memberId)
        {
            return null;
        }
        var member = await services.Db.Set<ReplicatedMember>().AsNoTracking().FirstOrDefaultAsync(m => m.MemberId == memberId, services.CancellationToken);
        return member is null
            ? new ProposingMember(memberId, "The member", null, "unknown")
            : new ProposingMember(member.MemberId, member.OrganisationName,
                member.OrgType == PolicyServices.NationalGovernment ? member.CountryIso3 : null, member.Status);
    }

    /// <summary>ISO alpha-3 codes, upper-cased; each unknown one is an error naming its index.</summary>
    public static string[] CheckCountries(this PolicyServices services, List<string>? codes, Dictionary<string, string[]> errors)
    {
        var found = new List<string>();
        for (var i = 0; i < (codes?.Count ?? 0); i++)
        {
            if (services.Countries.Find(codes![i]?.Trim().ToUpperInvariant()) is { } country)
            {
                found.Add(country.Alpha3);
            }
            else
            {
                errors[$"countries[{i}]"] = ["Not an ISO 3166-1 alpha-3 country code, e.g. 'KEN'."];
            }
        }
        return [.. found];
    }

    /// <summary>Indicator codes the service knows; each unknown one is an error naming its index.</summary>
    public static async Task<string[]> CheckIndicatorsAsync(this PolicyServices services, List<string>? codes, Dictionary<string, string[]> errors)
    {
        var known = await services.KnownIndicatorsAsync();
        for (var i = 0; i < (codes?.Count ?? 0); i++)
        {
            if (codes![i] is not { } code || !known.Contains(code))
            {
                errors[$"indicatorCodes[{i}]"] = [$"Unknown indicator; use one of: {string.Join(", ", known.Order(StringComparer.Ordinal))}."];
            }
        }
        return [.. codes ?? []];
    }

    /// <summary>The public filter's common part, or errors naming the fields.</summary>
    public static ProposalFilter? Filter(this PolicyServices services, IProposalQuery query, Dictionary<string, string[]> errors)
    {
        var filter = new ProposalFilter
        {
            Countries = QueryFields.Countries(query.Country, services.Countries, errors),
            RegionCountries = QueryFields.RegionCountries(query.Region, services.Countries, errors),
            ValueChains = QueryValues.Codes<ReferenceData.ValueChain>("valueChain", query.ValueChain, errors),
        };
        if (query.Status is { } status)
        {
            if (!Vocabulary.TryParse<ProposalStatus>(status, out var wanted))
            {
                errors["status"] = [$"Unknown status; {Vocabulary.Expected<ProposalStatus>()}."];
            }
            else if (wanted != ProposalStatus.Published)
            {
                // Beyond the published ones: the secretariat sees all, a focal point its own member's, the public none.
                if (services.IsSecretariat)
                {
                    filter = filter with { Status = wanted };
                }
                else if (services.User.FocalPointMemberId() is { } member)
                {
                    filter = filter with { Status = wanted, ProposerMemberId = member };
                }
                else
                {
                    errors["status"] = ["Only published barriers, gaps and research needs are public; other statuses are for their proposer and the secretariat."];
                }
            }
        }
        return errors.Count > 0 ? null : filter;
    }

    /// <summary>Newest first, within the filter.</summary>
    public static IQueryable<T> Matching<T>(this IQueryable<T> proposals, ProposalFilter filter) where T : CuratedProposal
    {
        proposals = proposals.Where(p => p.Status == filter.Status);
        if (filter.ProposerMemberId is { } member)
        {
            proposals = proposals.Where(p => p.ProposerMemberId == member);
        }
        if (filter.Countries is { } countries)
        {
            proposals = proposals.Where(p => p.Countries.Any(c => countries.Contains(c)));
        }
        if (filter.RegionCountries is { } regionCountries)
        {
            proposals = proposals.Where(p => p.Countries.Any(c => regionCountries.Contains(c)));
        }
        if (filter.ValueChains is { Length: > 0 } valueChains)
        {
            proposals = proposals.Where(p => p.ValueChains.Any(v => valueChains.Contains(v)));
        }
        return proposals;
    }

    /// <summary>403 unless the caller is the secretariat or the proposing member's focal point (who read the trail).</summary>
    public static void EnsureMayReadTrail(this PolicyServices services, CuratedProposal proposal)
    {
        if (!services.IsSecretariat && (proposal.ProposerMemberId is null || services.User.FocalPointMemberId() != proposal.ProposerMemberId))
        {
            throw new NotYourMember();
        }
    }

    public static async Task<IReadOnlyList<ProposalEntryView>> TrailAsync(this PolicyServices services, ProposalKind kind, Guid id) =>
        [.. (await services.Db.Set<ProposalEntry>().AsNoTracking()
            .Where(e => e.Kind == kind && e.SubjectId == id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .ToListAsync(services.CancellationToken)).Select(ProposalEntryView.Of)];

    /// <summary>Commits; a concurrent decision on the same proposal is a 409, never a lost update.</summary>
    public static async Task SaveProposalAsync(this PolicyServices services)
    {
        try
        {
            await services.Db.SaveChangesAsync(services.CancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ProposalChangedConcurrently();
        }
    }
}

/// <summary>The public list's fields that barriers and research needs share (each query class documents them in its own words).</summary>
internal interface IProposalQuery
{
    string[]? Country { get; }
    string? Region { get; }
    string[]? ValueChain { get; }
    string? Status { get; }
}

/// <summary>A checked public filter shared by barriers and research needs.</summary>
internal sealed record ProposalFilter
{
    public ProposalStatus Status { get; init; } = ProposalStatus.Published;
    /// <summary>Set when a focal point asks for a status other than published: its own member's only.</summary>
    public Guid? ProposerMemberId { get; init; }
    public string[]? Countries { get; init; }
    public string[]? RegionCountries { get; init; }
    public string[] ValueChains { get; init; } = [];
}

/// <summary>One step of a barrier's or research need's curation trail.</summary>
/// <param name="Action">"propose", "publish", "reject", "archive" or "progress".</param>
/// <param name="From">Status before; null for the proposal.</param>
/// <param name="To">Status after.</param>
/// <param name="Progress">A research need's progress after the step; null for a barrier.</param>
/// <param name="Actor">Who (the token's subject).</param>
/// <param name="Role">In which role: "focal_point" or "secretariat".</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why, where given.</param>
public sealed record ProposalEntryView(
    ProposalAction Action, ProposalStatus? From, ProposalStatus To, ResearchStatus? Progress, string Actor, CuratorRole Role, DateTimeOffset At, string? Reason)
{
    internal static ProposalEntryView Of(ProposalEntry e) => new(e.Action, e.From, e.To, e.Progress, e.Actor, e.Role, e.At, e.Reason);
}
