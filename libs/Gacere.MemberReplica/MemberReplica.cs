using Microsoft.EntityFrameworkCore;

namespace Gacere.MemberReplica;

/// <summary>What a service knows of an Alliance member, kept from membership events (never asked synchronously).</summary>
public sealed class ReplicatedMember
{
    public Guid MemberId { get; init; }
    public required string OrganisationName { get; set; }
    public required string OrgType { get; set; }
    public string? CountryIso3 { get; set; }
    public required string Category { get; set; }
    public required string Status { get; set; }
    public DateOnly EffectiveDate { get; set; }
    /// <summary>Version of the membership event last applied; older events are ignored.</summary>
    public long Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class MemberReplicaModel
{
    public static ModelBuilder AddMemberReplica(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReplicatedMember>(member =>
        {
            member.ToTable("member_replicas");
            member.HasKey(m => m.MemberId);
            member.Property(m => m.MemberId).ValueGeneratedNever();
            member.Property(m => m.OrganisationName).HasMaxLength(300);
            member.Property(m => m.OrgType).HasMaxLength(64);
            member.Property(m => m.CountryIso3).HasMaxLength(3).IsFixedLength();
            member.Property(m => m.Category).HasMaxLength(64);
            member.Property(m => m.Status).HasMaxLength(32);
        });
        return modelBuilder;
    }
}
