using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.PolicyMapping.Data.Migrations
{
    /// <summary>
    /// What makes the public reads fast on a cold cache (README, "Benchmark"):
    /// <list type="bullet">
    /// <item><c>facet_keys</c>: every facet value an instrument carries, as "facet:code" texts, plus "total:" (a
    /// stored generated column, so every writer (EF, the import's COPY, the benchmark's COPY) keeps it right without
    /// knowing it). The facet counts are then one pass over the matching rows, <c>unnest(facet_keys)</c> grouped,
    /// instead of eleven (Search/PolicySql.cs, FacetsSql). Texts, not numbers: a vocabulary code added later is
    /// counted without a new migration.</item>
    /// <item>Two partial covering indexes over published rows, so that the map by member and the map by value chain
    /// of a broad filter are index-only scans instead of reading the wide rows (the map by country already has
    /// ix_policy_instruments_published_country_type).</item>
    /// </list>
    /// Not in the EF model: nothing reads them through EF, and the model (and its snapshot) stays as it was.
    /// </summary>
    public partial class FacetKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION policymapping.facet_prefixed(prefix text, codes text[]) RETURNS text[]
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                    RETURN ARRAY(SELECT prefix || code FROM unnest(codes) AS code);

                CREATE FUNCTION policymapping.facet_keys(
                        country bpchar, instrument_type text, pine_type text, level text, lifecycle text, binding boolean,
                        value_chains text[], r_strategies text[], material_categories text[], themes text[]) RETURNS text[]
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN ARRAY['total:', 'instrument_type:' || instrument_type, 'level:' || level, 'lifecycle:' || lifecycle,
                                 'binding:' || binding::text]
                        || CASE WHEN pine_type IS NULL THEN '{}'::text[] ELSE ARRAY['pine_type:' || pine_type] END
                        || CASE WHEN country IS NULL THEN '{}'::text[] ELSE ARRAY['country:' || country::text] END
                        || coalesce(policymapping.facet_prefixed('value_chain:', value_chains), '{}')
                        || coalesce(policymapping.facet_prefixed('r_strategy:', r_strategies), '{}')
                        || coalesce(policymapping.facet_prefixed('material_category:', material_categories), '{}')
                        || coalesce(policymapping.facet_prefixed('theme:', themes), '{}');

                ALTER TABLE policymapping.policy_instruments ADD COLUMN facet_keys text[] NOT NULL
                    GENERATED ALWAYS AS (policymapping.facet_keys(country_iso3, instrument_type, pine_type, level, lifecycle, binding,
                                                                  value_chains, r_strategies, material_categories, themes)) STORED;

                CREATE INDEX ix_policy_instruments_published_member_type ON policymapping.policy_instruments (member_id, instrument_type)
                    WHERE status = 'published';
                CREATE INDEX ix_policy_instruments_published_type_chains ON policymapping.policy_instruments (instrument_type)
                    INCLUDE (value_chains) WHERE status = 'published';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX policymapping.ix_policy_instruments_published_type_chains;
                DROP INDEX policymapping.ix_policy_instruments_published_member_type;
                ALTER TABLE policymapping.policy_instruments DROP COLUMN facet_keys;
                DROP FUNCTION policymapping.facet_keys(bpchar, text, text, text, text, boolean, text[], text[], text[], text[]);
                DROP FUNCTION policymapping.facet_prefixed(text, text[]);
                """);
        }
    }
}
