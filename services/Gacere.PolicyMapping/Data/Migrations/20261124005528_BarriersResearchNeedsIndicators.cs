using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.PolicyMapping.Data.Migrations
{
    /// <inheritdoc />
    public partial class BarriersResearchNeedsIndicators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "sdg_codes",
                schema: "policymapping",
                table: "indicators",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AlterColumn<string>(
                name: "custodian",
                schema: "policymapping",
                table: "indicators",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            // "8.4.1/12.2.1" becomes {8.4.1,12.2.1}. The first seed gave custodians DOMAIN.md does not state; only the
            // circular material use rate's (Eurostat) is stated, so the others, exactly as seeded, become unknown.
            migrationBuilder.Sql("""
                UPDATE policymapping.indicators
                   SET sdg_codes = string_to_array(sdg_indicators, '/')
                 WHERE sdg_indicators IS NOT NULL AND sdg_indicators <> '';

                UPDATE policymapping.indicators SET custodian = NULL
                 WHERE (code, custodian) IN (('material-footprint', 'UNEP'), ('domestic-material-consumption', 'UNEP'),
                                             ('national-recycling-rate', 'UNEP/UNSD'), ('resource-productivity', 'Eurostat'));
                """);

            migrationBuilder.DropColumn(
                name: "sdg_indicators",
                schema: "policymapping",
                table: "indicators");

            migrationBuilder.CreateTable(
                name: "barriers",
                schema: "policymapping",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    scope = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    instrument_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    countries = table.Column<string[]>(type: "text[]", nullable: false),
                    value_chains = table.Column<string[]>(type: "text[]", nullable: false),
                    proposer_member_id = table.Column<Guid>(type: "uuid", nullable: true),
                    proposer_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_barriers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "proposal_entries",
                schema: "policymapping",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    from = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    progress = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_proposal_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "research_needs",
                schema: "policymapping",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    indicator_codes = table.Column<string[]>(type: "text[]", nullable: false),
                    progress = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    countries = table.Column<string[]>(type: "text[]", nullable: false),
                    value_chains = table.Column<string[]>(type: "text[]", nullable: false),
                    proposer_member_id = table.Column<Guid>(type: "uuid", nullable: true),
                    proposer_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_research_needs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_barriers_countries",
                schema: "policymapping",
                table: "barriers",
                column: "countries")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_barriers_proposer_member_id",
                schema: "policymapping",
                table: "barriers",
                column: "proposer_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_barriers_status_published_at",
                schema: "policymapping",
                table: "barriers",
                columns: new[] { "status", "published_at" });

            migrationBuilder.CreateIndex(
                name: "ix_barriers_value_chains",
                schema: "policymapping",
                table: "barriers",
                column: "value_chains")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_proposal_entries_kind_subject_id_at_id",
                schema: "policymapping",
                table: "proposal_entries",
                columns: new[] { "kind", "subject_id", "at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_research_needs_countries",
                schema: "policymapping",
                table: "research_needs",
                column: "countries")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_research_needs_indicator_codes",
                schema: "policymapping",
                table: "research_needs",
                column: "indicator_codes")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_research_needs_proposer_member_id",
                schema: "policymapping",
                table: "research_needs",
                column: "proposer_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_research_needs_status_published_at",
                schema: "policymapping",
                table: "research_needs",
                columns: new[] { "status", "published_at" });

            migrationBuilder.CreateIndex(
                name: "ix_research_needs_value_chains",
                schema: "policymapping",
                table: "research_needs",
                column: "value_chains")
                .Annotation("Npgsql:IndexMethod", "GIN");

            // The proposals' trail is never rewritten: the database itself refuses UPDATE, DELETE and TRUNCATE.
            migrationBuilder.Sql("""
                CREATE FUNCTION policymapping.proposal_entries_append_only() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'policymapping.proposal_entries is append-only: % is not allowed', TG_OP
                        USING ERRCODE = 'insufficient_privilege',
                              HINT = 'Proposal trail entries are written once and never changed or removed.';
                END;
                $$;

                CREATE TRIGGER proposal_entries_no_update_or_delete
                    BEFORE UPDATE OR DELETE ON policymapping.proposal_entries
                    FOR EACH ROW EXECUTE FUNCTION policymapping.proposal_entries_append_only();

                CREATE TRIGGER proposal_entries_no_truncate
                    BEFORE TRUNCATE ON policymapping.proposal_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION policymapping.proposal_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS proposal_entries_no_truncate ON policymapping.proposal_entries;
                DROP TRIGGER IF EXISTS proposal_entries_no_update_or_delete ON policymapping.proposal_entries;
                DROP FUNCTION IF EXISTS policymapping.proposal_entries_append_only();
                """);

            migrationBuilder.DropTable(
                name: "barriers",
                schema: "policymapping");

            migrationBuilder.DropTable(
                name: "proposal_entries",
                schema: "policymapping");

            migrationBuilder.DropTable(
                name: "research_needs",
                schema: "policymapping");


            migrationBuilder.Sql("UPDATE policymapping.indicators SET custodian = '' WHERE custodian IS NULL;");

            migrationBuilder.AlterColumn<string>(
                name: "custodian",
                schema: "policymapping",
                table: "indicators",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sdg_indicators",
                schema: "policymapping",
                table: "indicators",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.Sql("UPDATE policymapping.indicators SET sdg_indicators = nullif(array_to_string(sdg_codes, '/'), '');");

            migrationBuilder.DropColumn(
                name: "sdg_codes",
                schema: "policymapping",
                table: "indicators");
        }
    }
}
