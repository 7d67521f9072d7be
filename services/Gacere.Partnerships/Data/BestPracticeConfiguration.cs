using Gacere.DomainService;
using Gacere.Partnerships.Domain;
using Gacere.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace Gacere.Partnerships.Data;

internal sealed class BestPracticeConfiguration : IEntityTypeConfiguration<BestPractice>
{
    public const string Table = "best_practices";

    /// <summary>
    /// The full-text document: title (weight A) and outcomes (B), with English stemming and, for practices described
    /// in another language, 'simple' (unstemmed words).
    /// </summary>
    public const string SearchVectorSql =
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || " +
        "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || " +
        "setweight(to_tsvector('english'::regconfig, coalesce(outcomes, '')), 'B') || " +
        "setweight(to_tsvector('simple'::regconfig, coalesce(outcomes, '')), 'B')";

    public void Configure(EntityTypeBuilder<BestPractice> practice)
    {
        practice.ToTable(Table);
        practice.HasKey(p => p.Id);
        practice.Property(p => p.Id).ValueGeneratedNever();
        practice.Property(p => p.Title).HasMaxLength(200);
        practice.Property(p => p.CountryIso3).HasMaxLength(3).IsFixedLength();
        practice.Property(p => p.OrganisationType).HasConversion<VocabularyConverter<OrgType>>().HasMaxLength(64);
        practice.Property(p => p.ValueChain).HasConversion<VocabularyConverter<ValueChain>>().HasMaxLength(64);
        practice.Property(p => p.Language).HasMaxLength(2).IsFixedLength();
        practice.Property(p => p.Outcomes).HasMaxLength(8000);
        practice.Property(p => p.Source).HasMaxLength(2000);
        practice.Property(p => p.Status).HasConversion<VocabularyConverter<BestPracticeStatus>>().HasMaxLength(32);
        practice.Property(p => p.SubmittedBy).HasMaxLength(200);
        practice.Property(p => p.Revision).IsConcurrencyToken();
        practice.Ignore(p => p.RStrategyCodes);
        practice.Property<NpgsqlTsVector>("SearchVector").HasColumnType("tsvector").HasComputedColumnSql(SearchVectorSql, stored: true);
        practice.HasIndex("SearchVector").HasMethod("GIN");
        practice.HasIndex(p => p.RStrategies).HasMethod("GIN");
        practice.HasIndex(p => new { p.Status, p.Id });
        practice.HasIndex(p => p.MemberId);
        practice.HasIndex(p => p.PartnershipId);
    }
}

internal sealed class BestPracticeTrailEntryConfiguration : IEntityTypeConfiguration<BestPracticeTrailEntry>
{
    public void Configure(EntityTypeBuilder<BestPracticeTrailEntry> entry)
    {
        entry.ToTable("best_practice_trail_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Action).HasConversion<VocabularyConverter<BestPracticeAction>>().HasMaxLength(32);
        entry.Property(e => e.From).HasConversion<VocabularyConverter<BestPracticeStatus>>().HasMaxLength(32);
        entry.Property(e => e.To).HasConversion<VocabularyConverter<BestPracticeStatus>>().HasMaxLength(32);
        entry.Property(e => e.Actor).HasMaxLength(200);
        entry.Property(e => e.Note).HasMaxLength(4000);
        entry.HasIndex(e => new { e.BestPracticeId, e.At });
    }
}
