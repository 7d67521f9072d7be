using Gacere.Partnerships.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Gacere.ServiceDefaults;
using Gacere.DomainService;

namespace Gacere.Partnerships.Data;

internal sealed class PartnershipConfiguration : IEntityTypeConfiguration<Partnership>
{
    public void Configure(EntityTypeBuilder<Partnership> partnership)
    {
        partnership.ToTable("partnerships");
        partnership.HasKey(p => p.Id);
        partnership.Property(p => p.Id).ValueGeneratedNever();
        partnership.Property(p => p.Title).HasMaxLength(200);
        partnership.Property(p => p.Kind).HasConversion<VocabularyConverter<PartnershipKind>>().HasMaxLength(32);
        partnership.Property(p => p.Objective).HasMaxLength(4000);
        partnership.Property(p => p.Status).HasConversion<VocabularyConverter<PartnershipStatus>>().HasMaxLength(32);
        partnership.Property(p => p.ProposedBy).HasMaxLength(200);
        partnership.Property(p => p.Revision).IsConcurrencyToken();
        partnership.Ignore(p => p.ValueChainCodes);
        partnership.HasIndex(p => p.Status);
        partnership.HasIndex(p => p.LeadMemberId);
        // The GIN indexes the duplication check reads (DuplicateCheck) are built with fastupdate = off (DuplicateCheckGinFastUpdateOff):
        // with GIN's default (on), new rows wait in each index's pending list until a VACUUM (autovacuum) merges it, and every
        // scan reads that list linearly. On the benchmark's 20,000 rows loaded after the indexes, the objective's trigram
        // index held 499 pending pages (1,495 tuples), and 60 objective % scans took 36 ms each against 26 ms after
        // gin_clean_pending_list; rows arrive one by one in production, so the list is there between vacuums too. A manual
        // ANALYZE does not clean it. The cost: each insert or update of these columns writes the indexes at once.
        // pg_trgm indexes for the duplication check's prefilter (title % @title, objective % @objective).
        partnership.HasIndex(p => p.Title).HasMethod("gin").HasOperators("gin_trgm_ops").HasStorageParameter("fastupdate", false);
        partnership.HasIndex(p => p.Objective).HasMethod("gin").HasOperators("gin_trgm_ops").HasStorageParameter("fastupdate", false);
        // Array indexes for the duplication check's prefilter: a shared partner or country (DuplicateCheck).
        partnership.HasIndex(p => p.PartnerMemberIds).HasMethod("gin").HasStorageParameter("fastupdate", false);
        partnership.HasIndex(p => p.Countries).HasMethod("gin").HasStorageParameter("fastupdate", false);
        // ... and, for partnerships sharing neither, a few of the proposal's regions and value chains (DuplicateCheck.OverlapArmSql).
        partnership.HasIndex(p => p.CoveredRegions).HasMethod("gin").HasStorageParameter("fastupdate", false);
        partnership.HasIndex(p => p.ValueChains).HasMethod("gin").HasStorageParameter("fastupdate", false);

        partnership.OwnsMany(p => p.Partners, partner =>
        {
            partner.ToTable("partners");
            partner.WithOwner().HasForeignKey("PartnershipId");
            // A surrogate key: a changed proposal replaces its partners, and the same member may come back.
            partner.Property<Guid>("Id");
            partner.HasKey("Id");
            partner.Property(p => p.OrganisationName).HasMaxLength(300);
            partner.Property(p => p.Role).HasConversion<VocabularyConverter<PartnerRole>>().HasMaxLength(32);
            partner.HasIndex(p => p.MemberId);
        });
        partnership.OwnsMany(p => p.Deliverables, deliverable =>
        {
            deliverable.ToTable("deliverables");
            deliverable.WithOwner().HasForeignKey("PartnershipId");
            deliverable.HasKey(d => d.Id);
            deliverable.Property(d => d.Id).ValueGeneratedNever();
            deliverable.Property(d => d.Title).HasMaxLength(300);
            deliverable.Property(d => d.Indicator).HasMaxLength(500);
            deliverable.Property(d => d.Status).HasConversion<VocabularyConverter<DeliverableStatus>>().HasMaxLength(32);
            deliverable.HasIndex(d => d.DueDate);
        });
        partnership.OwnsMany(p => p.Resources, resource =>
        {
            resource.ToTable("resources");
            resource.WithOwner().HasForeignKey("PartnershipId");
            resource.HasKey(r => r.Id);
            resource.Property(r => r.Id).ValueGeneratedNever();
            resource.Property(r => r.Type).HasConversion<VocabularyConverter<ResourceType>>().HasMaxLength(32);
            resource.Property(r => r.Description).HasMaxLength(1000);
            resource.Property(r => r.Amount).HasPrecision(18, 2);
            resource.Property(r => r.Currency).HasMaxLength(3).IsFixedLength();
        });
        partnership.OwnsMany(p => p.Smart, smart =>
        {
            smart.ToTable("smart_assessments");
            smart.WithOwner().HasForeignKey("PartnershipId");
            smart.Property(s => s.Criterion).HasConversion<VocabularyConverter<SmartCriterion>>().HasMaxLength(32);
            smart.Property<Guid>("Id");
            smart.HasKey("Id");
            smart.Property(s => s.Finding).HasMaxLength(1000);
            smart.Property(s => s.Judgement).HasConversion<VocabularyConverter<SmartJudgement>>().HasMaxLength(32);
            smart.Property(s => s.JudgementNote).HasMaxLength(2000);
            smart.Property(s => s.JudgedBy).HasMaxLength(200);
        });
        partnership.OwnsMany(p => p.DuplicateCandidates, candidate =>
        {
            candidate.ToTable("duplicate_candidates");
            candidate.WithOwner().HasForeignKey("PartnershipId");
            candidate.HasKey(c => c.Id);
            candidate.Property(c => c.Id).ValueGeneratedNever();
            candidate.Property(c => c.Source).HasConversion<VocabularyConverter<CandidateSource>>().HasMaxLength(32);
            candidate.Property(c => c.ExternalInitiativeKey).HasMaxLength(64);
            candidate.Property(c => c.Title).HasMaxLength(300);
            candidate.Property(c => c.Decision).HasConversion<VocabularyConverter<DuplicateDecision>>().HasMaxLength(32);
            candidate.Property(c => c.DecisionNote).HasMaxLength(2000);
            candidate.Property(c => c.DecidedBy).HasMaxLength(200);
        });
    }
}

internal sealed class TrailEntryConfiguration : IEntityTypeConfiguration<TrailEntry>
{
    public void Configure(EntityTypeBuilder<TrailEntry> entry)
    {
        entry.ToTable("trail_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Action).HasConversion<VocabularyConverter<TrailAction>>().HasMaxLength(32);
        entry.Property(e => e.From).HasConversion<VocabularyConverter<PartnershipStatus>>().HasMaxLength(32);
        entry.Property(e => e.To).HasConversion<VocabularyConverter<PartnershipStatus>>().HasMaxLength(32);
        entry.Property(e => e.Actor).HasMaxLength(200);
        entry.Property(e => e.Note).HasMaxLength(4000);
        entry.HasIndex(e => new { e.PartnershipId, e.At });
    }
}

internal sealed class ProgressReportConfiguration : IEntityTypeConfiguration<ProgressReport>
{
    public const string OnePerYear = "ux_progress_reports_partnership_year";

    public void Configure(EntityTypeBuilder<ProgressReport> report)
    {
        report.ToTable("progress_reports");
        report.HasKey(r => r.Id);
        report.Property(r => r.Id).ValueGeneratedNever();
        report.Property(r => r.Summary).HasMaxLength(8000);
        report.Property(r => r.SubmittedBy).HasMaxLength(200);
        report.HasIndex(r => new { r.PartnershipId, r.Year }).IsUnique().HasDatabaseName(OnePerYear);
    }
}
