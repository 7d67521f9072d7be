using Gacere.PolicyMapping.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;
using Gacere.ServiceDefaults;
using Gacere.DomainService;

namespace Gacere.PolicyMapping.Data;

/// <summary>
/// One row per instrument. Multi-valued classifications are text[] with GIN indexes (filter with &amp;&amp;, facet
/// with unnest); the search vector is a stored generated column over both languages with a GIN index.
/// </summary>
internal sealed class PolicyInstrumentConfiguration : IEntityTypeConfiguration<PolicyInstrument>
{
    public const string Table = "policy_instruments";

    /// <summary>
    /// English titles and summary with English stemming; the original-language title and summary with the
    /// 'simple' configuration (no stemming, any language). Titles weigh more than summaries.
    /// </summary>
    public const string SearchVectorSql =
        "setweight(to_tsvector('english'::regconfig, coalesce(title_english, '')), 'A') || " +
        "setweight(to_tsvector('simple'::regconfig, coalesce(title_original, '')), 'A') || " +
        "setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') || " +
        "setweight(to_tsvector('simple'::regconfig, coalesce(summary_original, '')), 'B')";

    public void Configure(EntityTypeBuilder<PolicyInstrument> instrument)
    {
        instrument.ToTable(Table);
        instrument.HasKey(i => i.Id);
        instrument.Property(i => i.Id).ValueGeneratedNever();
        instrument.Property(i => i.CountryIso3).HasMaxLength(3).IsFixedLength();
        instrument.Property(i => i.JurisdictionName).HasMaxLength(300);
        instrument.Property(i => i.Level).HasConversion<VocabularyConverter<JurisdictionLevel>>().HasMaxLength(32);
        instrument.Property(i => i.TitleOriginal).HasMaxLength(500);
        instrument.Property(i => i.TitleEnglish).HasMaxLength(500);
        instrument.Property(i => i.OriginalLanguage).HasMaxLength(2).IsFixedLength();
        instrument.Property(i => i.Summary).HasMaxLength(4000);
        instrument.Property(i => i.SummaryOriginal).HasMaxLength(4000);
        instrument.Property(i => i.Lifecycle).HasConversion<VocabularyConverter<PolicyLifecycle>>().HasMaxLength(32);
        instrument.Property(i => i.SourceUrl).HasMaxLength(2000);
        instrument.Property(i => i.InstrumentType).HasConversion<VocabularyConverter<InstrumentType>>().HasMaxLength(64);
        instrument.Property(i => i.PineType).HasConversion<VocabularyConverter<PineType>>().HasMaxLength(64);
        instrument.Property(i => i.Status).HasConversion<VocabularyConverter<CurationStatus>>().HasMaxLength(32);
        // xmin: a concurrent change to the same instrument fails the second save instead of overwriting the first.
        instrument.Property<uint>("Version").IsRowVersion();
        instrument.Property<NpgsqlTsVector>("SearchVector")
            .HasColumnType("tsvector")
            .HasComputedColumnSql(SearchVectorSql, stored: true);

        instrument.HasIndex("SearchVector").HasMethod("GIN");
        instrument.HasIndex(i => i.ValueChains).HasMethod("GIN");
        instrument.HasIndex(i => i.RStrategies).HasMethod("GIN");
        instrument.HasIndex(i => i.MaterialCategories).HasMethod("GIN");
        instrument.HasIndex(i => i.Themes).HasMethod("GIN");
        // The public reads only published rows: partial indexes keep them small and ordered for keyset paging.
        instrument.HasIndex(i => i.Id).IsDescending().HasFilter("status = 'published'").HasDatabaseName("ix_policy_instruments_published_id");
        instrument.HasIndex(i => new { i.CountryIso3, i.InstrumentType }).HasFilter("status = 'published'")
            .HasDatabaseName("ix_policy_instruments_published_country_type");
        instrument.HasIndex(i => new { i.MemberId, i.Status });
        // The natural key an import deduplicates on: one instrument per jurisdiction and source.
        instrument.HasIndex(i => new { i.MemberId, i.SourceUrl }).IsUnique();
        instrument.HasIndex(i => new { i.Status, i.Id });
    }
}
