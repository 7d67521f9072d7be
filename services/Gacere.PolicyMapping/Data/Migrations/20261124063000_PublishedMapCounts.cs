using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.PolicyMapping.Data.Migrations
{
    /// <summary>
    /// Kept counts for the map, and one trigger per event for everything the published set keeps (README, "Benchmark"):
    /// <list type="bullet">
    /// <item><c>published_map_members</c>: published instruments per (member, country, instrument type), from which the
    /// map by country (per member) and the map by region (per country, summed per M49 region) of every filter that
    /// narrows only the type, the country or the region are read (Search/PolicySql.cs, <c>KeptMap</c>).</item>
    /// <item><c>published_map_chains</c>: published instruments per (value chain, country, instrument type), the same
    /// for the map by value chain.</item>
    /// <item><c>policymapping.published_changed()</c>: the one statement-level function that, when a statement
    /// inserts, updates or deletes a published row (or truncates the table), bumps <c>published_set_version</c> first
    /// (migration PublishedSetVersion) and then keeps <c>published_facet_counts</c> (migration FacetKeys) and the two
    /// map tables, each in key order. It replaces the two trigger sets <c>published_set_*</c> and <c>published_tally_*</c>,
    /// whose relative order (and so the lock order) depended on their names: now every writer takes the version row's
    /// lock first, in the same function, so the writers of the counts are serialised and cannot deadlock on them.
    /// A count that drops to zero stays as a zero row (readers take <c>n &gt; 0</c>).</item>
    /// </list>
    /// The replica's trigger (<c>published_set_members</c>) is unchanged. Not in the EF model, as in FacetKeys.
    /// </summary>
    public partial class PublishedMapCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER published_tally_truncated ON policymapping.policy_instruments;
                DROP TRIGGER published_tally_deleted ON policymapping.policy_instruments;
                DROP TRIGGER published_tally_updated ON policymapping.policy_instruments;
                DROP TRIGGER published_tally_inserted ON policymapping.policy_instruments;
                DROP TRIGGER published_set_truncated ON policymapping.policy_instruments;
                DROP TRIGGER published_set_deleted ON policymapping.policy_instruments;
                DROP TRIGGER published_set_updated ON policymapping.policy_instruments;
                DROP TRIGGER published_set_inserted ON policymapping.policy_instruments;
                DROP FUNCTION policymapping.tally_published_facets();
                DROP FUNCTION policymapping.bump_if_published_deleted();
                DROP FUNCTION policymapping.bump_if_published_updated();
                DROP FUNCTION policymapping.bump_if_published_inserted();

                CREATE TABLE policymapping.published_map_members (
                    member_id uuid NOT NULL, country_iso3 bpchar(3), instrument_type text NOT NULL, n bigint NOT NULL,
                    CONSTRAINT ux_published_map_members UNIQUE NULLS NOT DISTINCT (member_id, country_iso3, instrument_type));
                INSERT INTO policymapping.published_map_members (member_id, country_iso3, instrument_type, n)
                    SELECT member_id, country_iso3, instrument_type, count(*) FROM policymapping.policy_instruments
                    WHERE status = 'published' GROUP BY member_id, country_iso3, instrument_type;

                CREATE TABLE policymapping.published_map_chains (
                    value_chain text NOT NULL, country_iso3 bpchar(3), instrument_type text NOT NULL, n bigint NOT NULL,
                    CONSTRAINT ux_published_map_chains UNIQUE NULLS NOT DISTINCT (value_chain, country_iso3, instrument_type));
                INSERT INTO policymapping.published_map_chains (value_chain, country_iso3, instrument_type, n)
                    SELECT v, country_iso3, instrument_type, count(*)
                    FROM (SELECT unnest(value_chains) AS v, country_iso3, instrument_type FROM policymapping.policy_instruments WHERE status = 'published') p
                    GROUP BY v, country_iso3, instrument_type;

                -- One published row added (d = 1) or removed (d = -1) by a statement: what the counts are kept from.
                CREATE TYPE policymapping.published_delta AS (
                    d int, member_id uuid, country_iso3 bpchar(3), instrument_type text, value_chains text[], facet_keys text[]);

                CREATE FUNCTION policymapping.published_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    delta policymapping.published_delta[] := '{}';
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        UPDATE policymapping.published_set_version SET version = version + 1 WHERE id = 1;
                        DELETE FROM policymapping.published_facet_counts;
                        DELETE FROM policymapping.published_map_members;
                        DELETE FROM policymapping.published_map_chains;
                        RETURN NULL;
                    END IF;
                    -- The published rows the statement added and removed (an update is both); drafts change nothing public.
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        delta := delta || ARRAY(SELECT ROW(1, member_id, country_iso3, instrument_type, value_chains, facet_keys)::policymapping.published_delta
                                                FROM new_rows WHERE status = 'published');
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        delta := delta || ARRAY(SELECT ROW(-1, member_id, country_iso3, instrument_type, value_chains, facet_keys)::policymapping.published_delta
                                                FROM old_rows WHERE status = 'published');
                    END IF;
                    IF cardinality(delta) = 0 THEN
                        RETURN NULL;
                    END IF;
                    -- The version row's lock first: every writer of the counts below waits here, so they are written in one order.
                    UPDATE policymapping.published_set_version SET version = version + 1 WHERE id = 1;

                    INSERT INTO policymapping.published_facet_counts AS c (key, n)
                        SELECT k, sum(d) FROM (SELECT unnest(x.facet_keys) AS k, x.d FROM unnest(delta) AS x) changed
                        GROUP BY k HAVING sum(d) <> 0 ORDER BY k
                        ON CONFLICT (key) DO UPDATE SET n = c.n + excluded.n;
                    INSERT INTO policymapping.published_map_members AS c (member_id, country_iso3, instrument_type, n)
                        SELECT x.member_id, x.country_iso3, x.instrument_type, sum(x.d) FROM unnest(delta) AS x
                        GROUP BY x.member_id, x.country_iso3, x.instrument_type HAVING sum(x.d) <> 0 ORDER BY 1, 2, 3
                        ON CONFLICT (member_id, country_iso3, instrument_type) DO UPDATE SET n = c.n + excluded.n;
                    INSERT INTO policymapping.published_map_chains AS c (value_chain, country_iso3, instrument_type, n)
                        SELECT v, country_iso3, instrument_type, sum(d)
                        FROM (SELECT unnest(x.value_chains) AS v, x.country_iso3, x.instrument_type, x.d FROM unnest(delta) AS x) changed
                        GROUP BY v, country_iso3, instrument_type HAVING sum(d) <> 0 ORDER BY 1, 2, 3
                        ON CONFLICT (value_chain, country_iso3, instrument_type) DO UPDATE SET n = c.n + excluded.n;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER published_changed_inserted AFTER INSERT ON policymapping.policy_instruments
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION policymapping.published_changed();
                CREATE TRIGGER published_changed_updated AFTER UPDATE ON policymapping.policy_instruments
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION policymapping.published_changed();
                CREATE TRIGGER published_changed_deleted AFTER DELETE ON policymapping.policy_instruments
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION policymapping.published_changed();
                CREATE TRIGGER published_changed_truncated AFTER TRUNCATE ON policymapping.policy_instruments
                    FOR EACH STATEMENT EXECUTE FUNCTION policymapping.published_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the two trigger sets of PublishedSetVersion and FacetKeys, as they were.
            migrationBuilder.Sql("""
                DROP TRIGGER published_changed_truncated ON policymapping.policy_instruments;
                DROP TRIGGER published_changed_deleted ON policymapping.policy_instruments;
                DROP TRIGGER published_changed_updated ON policymapping.policy_instruments;
                DROP TRIGGER published_changed_inserted ON policymapping.policy_instruments;
                DROP FUNCTION policymapping.published_changed();
                DROP TYPE policymapping.published_delta;
                DROP TABLE policymapping.published_map_chains;
                DROP TABLE policymapping.published_map_members;

                CREATE FUNCTION policymapping.bump_if_published_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'published') THEN
                        UPDATE policymapping.published_set_version SET version = version + 1 WHERE id = 1;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE FUNCTION policymapping.bump_if_published_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'published') OR EXISTS (SELECT 1 FROM old_rows WHERE status = 'published') THEN
                        UPDATE policymapping.published_set_version SET version = version + 1 WHERE id = 1;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE FUNCTION policymapping.bump_if_published_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM old_rows WHERE status = 'published') THEN
                        UPDATE policymapping.published_set_version SET version = version + 1 WHERE id = 1;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER published_set_inserted AFTER INSERT ON policymapping.policy_instruments
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION policymapping.bump_if_published_inserted();
                CREATE TRIGGER published_set_updated AFTER UPDATE ON policymapping.policy_instruments
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION policymapping.bump_if_published_updated();
                CREATE TRIGGER published_set_deleted AFTER DELETE ON policymapping.policy_instruments
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION policymapping.bump_if_published_deleted();
                CREATE TRIGGER published_set_truncated AFTER TRUNCATE ON policymapping.policy_instruments
                    FOR EACH STATEMENT EXECUTE FUNCTION policymapping.bump_published_set_version();

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
    }
}
