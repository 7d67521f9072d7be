using Gacere.DomainService;
using Microsoft.EntityFrameworkCore;

namespace Gacere.MemberReplica;

/// <summary>A service's DbContext that also keeps the member replica (<see cref="ReplicatedMember"/>).</summary>
public abstract class MemberReplicaDbContext<TSelf>(DbContextOptions<TSelf> options) : ServiceDbContext<TSelf>(options)
    where TSelf : MemberReplicaDbContext<TSelf>, IServiceDbContext
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.AddMemberReplica();
    }
}
