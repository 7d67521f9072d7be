using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.PolicyMapping.Data.Migrations
{
    /// <summary>
    /// A counter the database bumps in the statement that changes what the public reads: a published instrument
    /// (inserted, updated, deleted, or a row entering or leaving 'published') or a member of the replica. The public
    /// answers' cache (Search/PolicyAnswerCache.cs) keys on it, so a cached answer is never older than the last commit.
    /// Statement-level triggers: one bump per statement, however many rows it touches; drafts do not touch the counter.
    /// </summary>
    public partial class PublishedSetVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE policymapping.published_set_version (
                    id smallint PRIMARY KEY CHECK (id = 1),
                    version bigint NOT NULL);
                INSERT INTO policymapping.published_set_version (id, version) VALUES (1, 0);

                CREATE FUNCTION policymapping.bump_published_set_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE policymapping.published_set_version SET version = version + 1 WHERE id = 1;
                    RETURN NULL;
                END $$;

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
                CREATE TRIGGER published_set_members AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON policymapping.member_replicas
                    FOR EACH STATEMENT EXECUTE FUNCTION policymapping.bump_published_set_version();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER published_set_members ON policymapping.member_replicas;
                DROP TRIGGER published_set_truncated ON policymapping.policy_instruments;
                DROP TRIGGER published_set_deleted ON policymapping.policy_instruments;
                DROP TRIGGER published_set_updated ON policymapping.policy_instruments;
                DROP TRIGGER published_set_inserted ON policymapping.policy_instruments;
                DROP FUNCTION policymapping.bump_if_published_deleted();
                DROP FUNCTION policymapping.bump_if_published_updated();
                DROP FUNCTION policymapping.bump_if_published_inserted();
                DROP FUNCTION policymapping.bump_published_set_version();
                DROP TABLE policymapping.published_set_version;
                """);
        }
    }
}
