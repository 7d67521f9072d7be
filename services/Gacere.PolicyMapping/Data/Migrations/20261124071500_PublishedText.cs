using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.PolicyMapping.Data.Migrations
{
    /// <summary>
    /// A narrow copy of the published instruments for text filters (README, "Benchmark"): <c>published_text</c> holds, per
    /// published instrument, only its id, member, country, type, value chains and search vector (about 600 bytes a row
    /// against 1,600 for the instrument with its titles and summaries), with its own GIN index. A text filter that narrows
    /// the published instruments otherwise only by type, country or region counts its map, and ranks every match for its
    /// first page, over this table instead of the wide rows (Search/PolicySql.cs, <c>NarrowText</c>); the page then reads
    /// its 21 rows by id. Kept in the same statement by <c>policymapping.published_changed()</c> (migration
    /// PublishedMapCounts), after the version row's lock, so every writer (EF, the import's <c>COPY</c>, a multi-row
    /// statement) keeps it exact. Not in the EF model, as in FacetKeys.
    /// </summary>
    public partial class PublishedText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE policymapping.published_text (
                    id uuid NOT NULL CONSTRAINT pk_published_text PRIMARY KEY, member_id uuid NOT NULL, country_iso3 bpchar(3),
                    instrument_type text NOT NULL, value_chains text[] NOT NULL, search_vector tsvector);
                INSERT INTO policymapping.published_text (id, member_id, country_iso3, instrument_type, value_chains, search_vector)
                    SELECT id, member_id, country_iso3, instrument_type, value_chains, search_vector
                    FROM policymapping.policy_instruments WHERE status = 'published' ORDER BY id;
                CREATE INDEX ix_published_text_search_vector ON policymapping.published_text USING gin (search_vector);

                CREATE OR REPLACE FUNCTION policymapping.published_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    delta policymapping.published_delta[] := '{}';
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        UPDATE policymapping.published_set_version SET version = version + 1 WHERE id = 1;
                        DELETE FROM policymapping.published_facet_counts;
                        DELETE FROM policymapping.published_map_members;
                        DELETE FROM policymapping.published_map_chains;
                        DELETE FROM policymapping.published_text;
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
                    -- The narrow copy for text filters: the removed published rows out, the added ones in (an update is both).
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        DELETE FROM policymapping.published_text t USING old_rows o WHERE t.id = o.id AND o.status = 'published';
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        INSERT INTO policymapping.published_text (id, member_id, country_iso3, instrument_type, value_chains, search_vector)
                            SELECT id, member_id, country_iso3, instrument_type, value_chains, search_vector
                            FROM new_rows WHERE status = 'published' ORDER BY id;
                    END IF;
                    RETURN NULL;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the function of PublishedMapCounts, as it was.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION policymapping.published_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
                DROP TABLE policymapping.published_text;
                """);
        }
    }
}
