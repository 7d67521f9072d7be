extern alias policymapping;

using System.Text.Json;
using Gacere.Contracts.PolicyMapping;
using Gacere.Messaging;
using Gacere.ReferenceData;
using policymapping::Gacere.PolicyMapping.Data;
using policymapping::Gacere.PolicyMapping.Domain;
using policymapping::Gacere.PolicyMapping.IntegrationEvents;

namespace Gacere.UnitTests.PolicyMapping;

/// <summary>
/// Which curation step becomes which integration event: publishing and archiving are announced, every other step is
/// not. The rows are queued on the context the step saves with (no database is contacted here).
/// </summary>
public sealed class InstrumentEventsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 1, 0, 0, TimeSpan.Zero);
    private static readonly Guid Chile = Guid.NewGuid();
    private static readonly Actor Secretariat = new("sec-1", CuratorRole.Secretariat, null, Now);
    private static readonly Jurisdiction ChileJurisdiction = new(Chile, "CHL", "Chile", "active", "Government of Chile");

    private static readonly InstrumentContent Content = new(
        JurisdictionLevel.National, "Ley 20.920", "Law 20.920 on extended producer responsibility", "es",
        "Sets collection and recovery targets for producers.", null, new DateOnly(2016, 5, 17), new DateOnly(2016, 6, 1),
        PolicyLifecycle.InForce, true, "https://www.bcn.cl/leychile", InstrumentType.RegulatoryLegal, null,
        [ValueChain.Packaging, ValueChain.ElectronicsIct], [RStrategy.Recycle], [], [PolicyTheme.CircularEconomy], []);

    private static PolicyMappingDbContext Context() => new(PolicyMappingDbContext.Options("Host=localhost;Database=unit_tests_never_connect"));

    private static List<OutboxMessage> Queued(PolicyMappingDbContext db) => [.. db.ChangeTracker.Entries<OutboxMessage>().Select(e => e.Entity)];

    [Fact]
    public void Only_publishing_and_archiving_queue_an_event_and_each_carries_what_a_subscriber_needs()
    {
        using var db = Context();
        var (instrument, created) = PolicyInstrument.Draft(ChileJurisdiction, Content, Secretariat);
        InstrumentEvents.Publish(db, instrument, created);
        foreach (var step in (CurationAction[])[CurationAction.Submit, CurationAction.Validate])
        {
            InstrumentEvents.Publish(db, instrument, instrument.Move(step, ChileJurisdiction, Secretariat, null));
        }
        Assert.Empty(Queued(db));

        var publishedAt = Secretariat with { At = Now.AddHours(1) };
        InstrumentEvents.Publish(db, instrument, instrument.Move(CurationAction.Publish, ChileJurisdiction, publishedAt, null));
        var published = Assert.Single(Queued(db));
        Assert.StartsWith(typeof(PolicyInstrumentPublished).FullName + ",", published.MessageType);
        var body = JsonSerializer.Deserialize<PolicyInstrumentPublished>(published.Body, JsonSerializerOptions.Web)!;
        Assert.Equal((instrument.Id, Chile, "CHL", "regulatory_legal", publishedAt.At), (body.InstrumentId, body.MemberId, body.CountryIso3, body.InstrumentType, body.PublishedAt));
        Assert.Equal(["electronics_ict", "packaging"], body.ValueChains);

        InstrumentEvents.Publish(db, instrument, instrument.Move(CurationAction.Archive, ChileJurisdiction, Secretariat, "Replaced by Ley 21.368."));
        var archived = Assert.Single(Queued(db), m => m.MessageType.StartsWith(typeof(PolicyInstrumentArchived).FullName + ",", StringComparison.Ordinal));
        Assert.Equal("Replaced by Ley 21.368.", JsonSerializer.Deserialize<PolicyInstrumentArchived>(archived.Body, JsonSerializerOptions.Web)!.Reason);
        Assert.Equal(2, Queued(db).Count);
    }

    [Fact]
    public void The_announcements_are_versioned_and_published_without_the_mandatory_flag()
    {
        foreach (var type in (Type[])[typeof(PolicyInstrumentPublished), typeof(PolicyInstrumentArchived)])
        {
            Assert.True(type.IsDefined(typeof(Gacere.Contracts.AnnouncementAttribute), inherit: false), type.Name);
            var urn = Assert.Single(type.GetCustomAttributes(typeof(MassTransit.MessageUrnAttribute), inherit: false).Cast<MassTransit.MessageUrnAttribute>());
            Assert.Matches("^urn:message:gacere:policymapping:policy-instrument-(published|archived):v1$", urn.Urn.ToString());
        }
    }
}
