using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Gacere.PolicyMapping.Data.Migrations
{
    /// <summary>Policy instruments (search vector and GIN indexes) and their append-only curation trail.</summary>
    public partial class PolicyInstruments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "policy_instruments",
                schema: "policymapping",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    country_iso3 = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: true),
                    jurisdiction_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title_original = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    title_english = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    original_language = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    summary_original = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    adopted_on = table.Column<DateOnly>(type: "date", nullable: true),
                    in_force_on = table.Column<DateOnly>(type: "date", nullable: true),
                    lifecycle = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    binding = table.Column<bool>(type: "boolean", nullable: false),
                    source_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    instrument_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    pine_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    value_chains = table.Column<string[]>(type: "text[]", nullable: false),
                    r_strategies = table.Column<string[]>(type: "text[]", nullable: false),
                    material_categories = table.Column<string[]>(type: "text[]", nullable: false),
                    themes = table.Column<string[]>(type: "text[]", nullable: false),
                    indicator_codes = table.Column<string[]>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "setweight(to_tsvector('english'::regconfig, coalesce(title_english, '')), 'A') || setweight(to_tsvector('simple'::regconfig, coalesce(title_original, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') || setweight(to_tsvector('simple'::regconfig, coalesce(summary_original, '')), 'B')", stored: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_policy_instruments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "curation_entries",
                schema: "policymapping",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    instrument_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    from = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_curation_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_curation_entries_policy_instrument_instrument_id",
                        column: x => x.instrument_id,
                        principalSchema: "policymapping",
                        principalTable: "policy_instruments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_curation_entries_instrument_id_at_id",
                schema: "policymapping",
                table: "curation_entries",
                columns: new[] { "instrument_id", "at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_policy_instruments_material_categories",
                schema: "policymapping",
                table: "policy_instruments",
                column: "material_categories")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_policy_instruments_member_id_status",
                schema: "policymapping",
                table: "policy_instruments",
                columns: new[] { "member_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_policy_instruments_published_country_type",
                schema: "policymapping",
                table: "policy_instruments",
                columns: new[] { "country_iso3", "instrument_type" },
                filter: "status = 'published'");

            migrationBuilder.CreateIndex(
                name: "ix_policy_instruments_published_id",
                schema: "policymapping",
                table: "policy_instruments",
                column: "id",
                descending: new bool[0],
                filter: "status = 'published'");

            migrationBuilder.CreateIndex(
                name: "ix_policy_instruments_r_strategies",
                schema: "policymapping",
                table: "policy_instruments",
                column: "r_strategies")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_policy_instruments_search_vector",
                schema: "policymapping",
                table: "policy_instruments",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_policy_instruments_status_id",
                schema: "policymapping",
                table: "policy_instruments",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_policy_instruments_themes",
                schema: "policymapping",
                table: "policy_instruments",
                column: "themes")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_policy_instruments_value_chains",
                schema: "policymapping",
                table: "policy_instruments",
                column: "value_chains")
                .Annotation("Npgsql:IndexMethod", "GIN");

            // The curation trail is never rewritten: the database itself refuses UPDATE, DELETE and TRUNCATE.
            migrationBuilder.Sql("""
                CREATE FUNCTION policymapping.curation_entries_append_only() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'policymapping.curation_entries is append-only: % is not allowed', TG_OP
                        USING ERRCODE = 'insufficient_privilege',
                              HINT = 'Curation entries are written once and never changed or removed.';
                END;
                $$;

                CREATE TRIGGER curation_entries_no_update_or_delete
                    BEFORE UPDATE OR DELETE ON policymapping.curation_entries
                    FOR EACH ROW EXECUTE FUNCTION policymapping.curation_entries_append_only();

                CREATE TRIGGER curation_entries_no_truncate
                    BEFORE TRUNCATE ON policymapping.curation_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION policymapping.curation_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS curation_entries_no_truncate ON policymapping.curation_entries;
                DROP TRIGGER IF EXISTS curation_entries_no_update_or_delete ON policymapping.curation_entries;
                DROP FUNCTION IF EXISTS policymapping.curation_entries_append_only();
                """);

            migrationBuilder.DropTable(
                name: "curation_entries",
                schema: "policymapping");

            migrationBuilder.DropTable(
                name: "policy_instruments",
                schema: "policymapping");
        }
    }
}
