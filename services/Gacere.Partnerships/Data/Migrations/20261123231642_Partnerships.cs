using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.Partnerships.Data.Migrations
{
    /// <inheritdoc />
    public partial class Partnerships : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "partnerships",
                schema: "partnerships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    objective = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    lead_member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_member_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    countries = table.Column<string[]>(type: "text[]", nullable: false),
                    regions = table.Column<string[]>(type: "text[]", nullable: false),
                    covered_regions = table.Column<string[]>(type: "text[]", nullable: false),
                    value_chains = table.Column<string[]>(type: "text[]", nullable: false),
                    sdg_targets = table.Column<string[]>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    needs_new_lead = table.Column<bool>(type: "boolean", nullable: false),
                    proposed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    proposed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partnerships", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "progress_reports",
                schema: "partnerships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    partnership_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    summary = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    submitted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_progress_reports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "trail_entries",
                schema: "partnerships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    partnership_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    from = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trail_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "deliverables",
                schema: "partnerships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    indicator = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    partnership_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deliverables", x => x.id);
                    table.ForeignKey(
                        name: "fk_deliverables_partnerships_partnership_id",
                        column: x => x.partnership_id,
                        principalSchema: "partnerships",
                        principalTable: "partnerships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "duplicate_candidates",
                schema: "partnerships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    other_partnership_id = table.Column<Guid>(type: "uuid", nullable: true),
                    external_initiative_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    reasons = table.Column<string[]>(type: "text[]", nullable: false),
                    decision = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    decision_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    partnership_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_duplicate_candidates", x => x.id);
                    table.ForeignKey(
                        name: "fk_duplicate_candidates_partnerships_partnership_id",
                        column: x => x.partnership_id,
                        principalSchema: "partnerships",
                        principalTable: "partnerships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "partners",
                schema: "partnerships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    partnership_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partners", x => x.id);
                    table.ForeignKey(
                        name: "fk_partners_partnerships_partnership_id",
                        column: x => x.partnership_id,
                        principalSchema: "partnerships",
                        principalTable: "partnerships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "resources",
                schema: "partnerships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: true),
                    partnership_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resources", x => x.id);
                    table.ForeignKey(
                        name: "fk_resources_partnerships_partnership_id",
                        column: x => x.partnership_id,
                        principalSchema: "partnerships",
                        principalTable: "partnerships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "smart_assessments",
                schema: "partnerships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    criterion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    automatically_met = table.Column<bool>(type: "boolean", nullable: false),
                    finding = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    judgement = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    judgement_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    judged_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    judged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    partnership_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_smart_assessments", x => x.id);
                    table.ForeignKey(
                        name: "fk_smart_assessments_partnerships_partnership_id",
                        column: x => x.partnership_id,
                        principalSchema: "partnerships",
                        principalTable: "partnerships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_deliverables_due_date",
                schema: "partnerships",
                table: "deliverables",
                column: "due_date");

            migrationBuilder.CreateIndex(
                name: "ix_deliverables_partnership_id",
                schema: "partnerships",
                table: "deliverables",
                column: "partnership_id");

            migrationBuilder.CreateIndex(
                name: "ix_duplicate_candidates_partnership_id",
                schema: "partnerships",
                table: "duplicate_candidates",
                column: "partnership_id");

            migrationBuilder.CreateIndex(
                name: "ix_partners_member_id",
                schema: "partnerships",
                table: "partners",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_partners_partnership_id",
                schema: "partnerships",
                table: "partners",
                column: "partnership_id");

            migrationBuilder.CreateIndex(
                name: "ix_partnerships_lead_member_id",
                schema: "partnerships",
                table: "partnerships",
                column: "lead_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_partnerships_objective",
                schema: "partnerships",
                table: "partnerships",
                column: "objective")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_partnerships_status",
                schema: "partnerships",
                table: "partnerships",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_partnerships_title",
                schema: "partnerships",
                table: "partnerships",
                column: "title")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ux_progress_reports_partnership_year",
                schema: "partnerships",
                table: "progress_reports",
                columns: new[] { "partnership_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_resources_partnership_id",
                schema: "partnerships",
                table: "resources",
                column: "partnership_id");

            migrationBuilder.CreateIndex(
                name: "ix_smart_assessments_partnership_id",
                schema: "partnerships",
                table: "smart_assessments",
                column: "partnership_id");

            migrationBuilder.CreateIndex(
                name: "ix_trail_entries_partnership_id_at",
                schema: "partnerships",
                table: "trail_entries",
                columns: new[] { "partnership_id", "at" });

            // The trail is never rewritten: the database itself refuses UPDATE, DELETE and TRUNCATE of trail_entries.
            migrationBuilder.Sql("""
                CREATE FUNCTION partnerships.trail_entries_append_only() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'partnerships.trail_entries is append-only: % is not allowed', TG_OP
                        USING ERRCODE = 'insufficient_privilege',
                              HINT = 'Trail entries are written once and never changed or removed.';
                END;
                $$;

                CREATE TRIGGER trail_entries_no_update_or_delete
                    BEFORE UPDATE OR DELETE ON partnerships.trail_entries
                    FOR EACH ROW EXECUTE FUNCTION partnerships.trail_entries_append_only();

                CREATE TRIGGER trail_entries_no_truncate
                    BEFORE TRUNCATE ON partnerships.trail_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION partnerships.trail_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS trail_entries_no_truncate ON partnerships.trail_entries;
                DROP TRIGGER IF EXISTS trail_entries_no_update_or_delete ON partnerships.trail_entries;
                DROP FUNCTION IF EXISTS partnerships.trail_entries_append_only();
                """);

            migrationBuilder.DropTable(
                name: "deliverables",
                schema: "partnerships");

            migrationBuilder.DropTable(
                name: "duplicate_candidates",
                schema: "partnerships");

            migrationBuilder.DropTable(
                name: "partners",
                schema: "partnerships");

            migrationBuilder.DropTable(
                name: "progress_reports",
                schema: "partnerships");

            migrationBuilder.DropTable(
                name: "resources",
                schema: "partnerships");

            migrationBuilder.DropTable(
                name: "smart_assessments",
                schema: "partnerships");

            migrationBuilder.DropTable(
                name: "trail_entries",
                schema: "partnerships");

            migrationBuilder.DropTable(
                name: "partnerships",
                schema: "partnerships");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
