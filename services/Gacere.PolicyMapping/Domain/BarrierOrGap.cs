using Gacere.ReferenceData;
using Gacere.ServiceDefaults;

namespace Gacere.PolicyMapping.Domain;

/// <summary>DOMAIN.md, barriers and gaps: what kind of obstacle (the concept note's area c).</summary>
public enum BarrierType
{
    KnowledgeGap,
    GovernanceGap,
    Regulatory,
    Financial,
    Technical,
    Market,
    DataGap,
}

/// <summary>DOMAIN.md, barriers and gaps: how far the obstacle reaches.</summary>
public enum BarrierScope
{
    National,
    Regional,
    Global,
    ValueChain,
}

/// <summary>
/// A barrier or a knowledge, governance or data gap (the concept note's area c), with the countries and value chains
/// it concerns and the published instruments it relates to.
/// </summary>
public sealed class BarrierOrGap : CuratedProposal
{
    private BarrierOrGap() { }

    public BarrierType Type { get; private set; }
    public BarrierScope Scope { get; private set; }
    /// <summary>Published instruments the barrier or gap relates to (one that addresses it, or one it hinders).</summary>
    public Guid[] InstrumentIds { get; private set; } = [];

    protected override ProposalKind Kind => ProposalKind.Barrier;

    /// <summary>
    /// A new proposal. A focal point proposes for its own active member, and a national barrier only for its own
    /// country (403 otherwise); the secretariat may record any.
    /// </summary>
    public static (BarrierOrGap Barrier, ProposalEntry Entry) Propose(BarrierContent content, ProposingMember? member, Actor actor)
    {
        var barrier = new BarrierOrGap
        {
            Id = Guid.CreateVersion7(actor.At),
            Title = content.Title,
            Description = content.Description,
            Type = content.Type,
            Scope = content.Scope,
            Countries = [.. content.Countries.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            ValueChains = [.. content.ValueChains.Distinct().Order().Select(Vocabulary.Code)],
            InstrumentIds = [.. content.InstrumentIds.Distinct().Order()],
            ProposerMemberId = member?.MemberId,
            ProposerName = member?.OrganisationName ?? Secretariat,
            CreatedAt = actor.At,
        };
        if (actor.Role == CuratorRole.FocalPoint && member is not null && actor.MemberId == member.MemberId &&
            content.Scope == BarrierScope.National && !barrier.Countries.SequenceEqual([member.CountryIso3]))
        {
            throw new NotYourCountry();
        }
        return (barrier, barrier.Open(member, actor));
    }
}

/// <summary>A barrier's content, already checked by <see cref="BarrierRules"/>.</summary>
public sealed record BarrierContent(
    string Title, string Description, BarrierType Type, BarrierScope Scope,
    IReadOnlyList<string> Countries, IReadOnlyList<ValueChain> ValueChains, IReadOnlyList<Guid> InstrumentIds);

/// <summary>What a barrier's scope asks of its countries and value chains: (field, why) pairs.</summary>
public static class BarrierRules
{
    public static IEnumerable<(string Field, string Message)> CheckScope(BarrierScope scope, int countries, int valueChains)
    {
        switch (scope)
        {
            case BarrierScope.National when countries != 1:
                yield return ("countries", "A national barrier or gap concerns exactly one country; give its ISO alpha-3 code.");
                break;
            case BarrierScope.Regional when countries < 2:
                yield return ("countries", "A regional barrier or gap concerns two or more countries; give their ISO alpha-3 codes (or make it 'national').");
                break;
            case BarrierScope.ValueChain when valueChains == 0:
                yield return ("valueChains", "A value-chain barrier or gap names at least one value chain, e.g. 'plastics'.");
                break;
        }
    }
}
