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
    /// <item><c>published_facet_counts</c>: every facet's counts over all published instruments (the unfiltered
    /// search, the broadest and so the slowest question), kept by statement-level triggers in the very statement that
    /// changes a published row, as <c>published_set_version</c> is. The triggers are named to fire after the version's
    /// (PostgreSQL fires them by name): every writer takes the version row's lock first, so writers of the counts are
    /// serialised and cannot deadlock on them. A count that drops to zero stays as a zero row.</item>
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

                CREATE TABLE policymapping.published_facet_counts (key text PRIMARY KEY, n bigint NOT NULL);
                INSERT INTO policymapping.published_facet_counts (key, n)
                    SELECT k, count(*) FROM (SELECT unnest(facet_keys) AS k FROM policymapping.policy_instruments WHERE status = 'published') p GROUP BY k;

                CREATE FUNCTION policymapping.tally_published_facets() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        DELETE FROM policymapping.published_facet_counts;
                    ELSIF TG_OP = 'INSERT' THEN
                        INSERT INTO policymapping.published_facet_counts AS c (key, n)
                            SELECT k, count(*) FROM (SELECT unnest(facet_keys) AS k FROM new_rows WHERE status = 'published') added GROUP BY k ORDER BY k
                            ON CONFLICT (key) DO UPDATE SET n = c.n + excluded.n;
                    ELSIF TG_OP = 'DELETE' THEN
                        UPDATE policymapping.published_facet_counts AS c SET n = c.n - removed.n
                            FROM (SELECT k, count(*) AS n FROM (SELECT unnest(facet_keys) AS k FROM old_rows WHERE status = 'published') o GROUP BY k) removed
                            WHERE c.key = removed.k;
                    ELSE
                        INSERT INTO policymapping.published_facet_counts AS c (key, n)
                            SELECT k, sum(d) FROM (
                                SELECT unnest(facet_keys) AS k, 1 AS d FROM new_rows WHERE status = 'published'
                                UNION ALL
                                SELECT unnest(facet_keys), -1 FROM old_rows WHERE status = 'published') changed
                            GROUP BY k HAVING sum(d) <> 0 ORDER BY k
                            ON CONFLICT (key) DO UPDATE SET n = c.n + excluded.n;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER published_tally_inserted AFTER INSERT ON policymapping.policy_instruments
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION policymapping.tally_published_facets();
                CREATE TRIGGER published_tally_updated AFTER UPDATE ON policymapping.policy_instruments
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION policymapping.tally_published_facets();
                CREATE TRIGGER published_tally_deleted AFTER DELETE ON policymapping.policy_instruments
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION policymapping.tally_published_facets();
                CREATE TRIGGER published_tally_truncated AFTER TRUNCATE ON policymapping.policy_instruments
                    FOR EACH STATEMENT EXECUTE FUNCTION policymapping.tally_published_facets();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER published_tally_truncated ON policymapping.policy_instruments;
                DROP TRIGGER published_tally_deleted ON policymapping.policy_instruments;
                DROP TRIGGER published_tally_updated ON policymapping.policy_instruments;
                DROP TRIGGER published_tally_inserted ON policymapping.policy_instruments;
                DROP FUNCTION policymapping.tally_published_facets();
                DROP TABLE policymapping.published_facet_counts;
                DROP INDEX policymapping.ix_policy_instruments_published_type_chains;
                DROP INDEX policymapping.ix_policy_instruments_published_member_type;
                ALTER TABLE policymapping.policy_instruments DROP COLUMN facet_keys;
                DROP FUNCTION policymapping.facet_keys(bpchar, text, text, text, text, boolean, text[], text[], text[], text[]);
                DROP FUNCTION policymapping.facet_prefixed(text, text[]);
                """);
        }
    }
}
