using Gacere.Contracts.Membership;
using Gacere.Messaging;

namespace Gacere.UnitTests.Messaging;

public class MessageTypesTests
{
    [Fact]
    public void A_stored_name_carries_the_assembly_and_resolves_back_to_the_contract()
    {
        var name = MessageTypes.NameOf(typeof(MemberSuspended));

        Assert.Equal("Gacere.Contracts.Membership.MemberSuspended, Gacere.Contracts", name);
        Assert.Equal(typeof(MemberSuspended), MessageTypes.Resolve(name));
    }

    [Fact]
    public void A_name_stored_without_its_assembly_still_resolves_from_the_loaded_assemblies()
    {
        _ = typeof(MemberAdmitted); // the contracts assembly is loaded

        Assert.Equal(typeof(MemberAdmitted), MessageTypes.Resolve("Gacere.Contracts.Membership.MemberAdmitted"));
    }

    [Fact]
    public void An_unknown_type_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MessageTypes.Resolve("Gacere.Contracts.Nothing, Gacere.Contracts"));

        Assert.Contains("Gacere.Contracts.Nothing", error.Message);
    }
}
