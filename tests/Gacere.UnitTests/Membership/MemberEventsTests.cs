using System.Text.Json;
using Gacere.Membership.Data;
using Gacere.Membership.IntegrationEvents;
using Gacere.Membership.Domain;
using Gacere.Messaging;
using Microsoft.Extensions.Hosting;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.UnitTests.Membership;

public class MemberEventsTests
{
    [Theory]
    [InlineData(MemberChangeKind.Admitted, "Gacere.Contracts.Membership.MemberAdmitted, Gacere.Contracts")]
    [InlineData(MemberChangeKind.CategoryChanged, "Gacere.Contracts.Membership.MemberCategoryChanged, Gacere.Contracts")]
    [InlineData(MemberChangeKind.Suspended, "Gacere.Contracts.Membership.MemberSuspended, Gacere.Contracts")]
    [InlineData(MemberChangeKind.Reinstated, "Gacere.Contracts.Membership.MemberReinstated, Gacere.Contracts")]
    [InlineData(MemberChangeKind.Withdrawn, "Gacere.Contracts.Membership.MemberWithdrawn, Gacere.Contracts")]
    public void Each_change_is_queued_as_its_own_contract_in_the_domain_vocabulary(MemberChangeKind kind, string messageType)
    {
        using var db = new MembershipDbContext(MembershipDbContext.Options("Host=localhost;Database=unit_test"));
        var change = new MemberChange(
            kind, Guid.NewGuid(), "European Union", OrgType.RegionalEconomicIntegrationOrg, null, MembershipCategory.StrategicPartner,
            MemberStatus.Suspended, new DateOnly(2025, 6, 10), 7, "Reason given.", MembershipCategory.Member);

        MemberEvents.Publish(db, change);

        var row = Assert.Single(db.ChangeTracker.Entries<OutboxMessage>()).Entity;
        Assert.Equal(messageType, row.MessageType);
        using var body = JsonDocument.Parse(row.Body);
        var root = body.RootElement;
        Assert.Equal(change.MemberId, root.GetProperty("memberId").GetGuid());
        Assert.Equal("regional_economic_integration_org", root.GetProperty("orgType").GetString());
        Assert.Equal("strategic_partner", root.GetProperty("category").GetString());
        Assert.Equal("suspended", root.GetProperty("status").GetString());
        Assert.Equal("2025-06-10", root.GetProperty("effectiveDate").GetString());
        Assert.Equal(7, root.GetProperty("version").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("countryIso3").ValueKind);
        if (kind == MemberChangeKind.CategoryChanged)
        {
            Assert.Equal("member", root.GetProperty("previousCategory").GetString());
        }
    }
}
