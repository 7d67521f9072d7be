using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Gacere.Partnerships.Data.Migrations
{
    /// <inheritdoc />
    public partial class BestPractices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "best_practice_trail_entries",
                schema: "partnerships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    best_practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    from = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_best_practice_trail_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "best_practices",
                schema: "partnerships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    country_iso3 = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    organisation_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    value_chain = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    r_strategies = table.Column<string[]>(type: "text[]", nullable: false),
                    language = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    outcomes = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    source = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    partnership_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    submitted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(outcomes, '')), 'B') || setweight(to_tsvector('simple'::regconfig, coalesce(outcomes, '')), 'B')", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_best_practices", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_best_practice_trail_entries_best_practice_id_at",
                schema: "partnerships",
                table: "best_practice_trail_entries",
                columns: new[] { "best_practice_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_best_practices_member_id",
                schema: "partnerships",
                table: "best_practices",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_best_practices_partnership_id",
                schema: "partnerships",
                table: "best_practices",
                column: "partnership_id");

            migrationBuilder.CreateIndex(
                name: "ix_best_practices_r_strategies",
                schema: "partnerships",
                table: "best_practices",
                column: "r_strategies")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_best_practices_search_vector",
                schema: "partnerships",
                table: "best_practices",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_best_practices_status_id",
                schema: "partnerships",
                table: "best_practices",
                columns: new[] { "status", "id" });

            // The best practice trail is written once and never changed, like the partnership trail.
            migrationBuilder.Sql("""
                CREATE FUNCTION partnerships.best_practice_trail_entries_append_only() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'partnerships.best_practice_trail_entries is append-only: % is not allowed', TG_OP
                        USING ERRCODE = 'insufficient_privilege',
                              HINT = 'Trail entries are written once and never changed or removed.';
                END;
                $$;

                CREATE TRIGGER best_practice_trail_entries_no_update_or_delete
                    BEFORE UPDATE OR DELETE ON partnerships.best_practice_trail_entries
                    FOR EACH ROW EXECUTE FUNCTION partnerships.best_practice_trail_entries_append_only();

                CREATE TRIGGER best_practice_trail_entries_no_truncate
                    BEFORE TRUNCATE ON partnerships.best_practice_trail_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION partnerships.best_practice_trail_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS best_practice_trail_entries_no_truncate ON partnerships.best_practice_trail_entries;
                DROP TRIGGER IF EXISTS best_practice_trail_entries_no_update_or_delete ON partnerships.best_practice_trail_entries;
                DROP FUNCTION IF EXISTS partnerships.best_practice_trail_entries_append_only();
                """);

            migrationBuilder.DropTable(
                name: "best_practice_trail_entries",
                schema: "partnerships");

            migrationBuilder.DropTable(
                name: "best_practices",
                schema: "partnerships");
        }
    }
}
