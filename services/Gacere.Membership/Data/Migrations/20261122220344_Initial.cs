using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.Membership.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "membership");

            migrationBuilder.CreateTable(
                name: "applications",
                schema: "membership",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    org_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    country_iso3 = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: true),
                    requested_category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    motivation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    tracking_token_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    information_request = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    information_response = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    decision_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    approved_category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    member_id = table.Column<Guid>(type: "uuid", nullable: true),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    alternate_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    alternate_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    alternate_phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    focal_point_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    focal_point_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    focal_point_phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_applications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                schema: "membership",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    change = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    from = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    to = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "membership",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => new { x.message_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "members",
                schema: "membership",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    org_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    country_iso3 = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: true),
                    category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    category_verified = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    member_since = table.Column<DateOnly>(type: "date", nullable: false),
                    member_since_precision = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    source_reference = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    application_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status_effective_on = table.Column<DateOnly>(type: "date", nullable: false),
                    status_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    alternate_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    alternate_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    alternate_phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    focal_point_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    focal_point_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    focal_point_phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_members", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "membership",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_type = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    trace_parent = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    trace_state = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_applications_status_submitted_at_id",
                schema: "membership",
                table: "applications",
                columns: new[] { "status", "submitted_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_applications_tracking_token_hash",
                schema: "membership",
                table: "applications",
                column: "tracking_token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_subject_subject_id_at_id",
                schema: "membership",
                table: "audit_entries",
                columns: new[] { "subject", "subject_id", "at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_processed_at",
                schema: "membership",
                table: "inbox_messages",
                column: "processed_at");

            migrationBuilder.CreateIndex(
                name: "ix_members_application_id",
                schema: "membership",
                table: "members",
                column: "application_id",
                unique: true,
                filter: "application_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_members_country_iso3",
                schema: "membership",
                table: "members",
                column: "country_iso3");

            migrationBuilder.CreateIndex(
                name: "ix_members_organisation_name_id",
                schema: "membership",
                table: "members",
                columns: new[] { "organisation_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_members_national_government_country",
                schema: "membership",
                table: "members",
                column: "country_iso3",
                unique: true,
                filter: "org_type = 'national_government' AND status <> 'withdrawn'");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending",
                schema: "membership",
                table: "outbox_messages",
                columns: new[] { "next_attempt_at", "created_at" },
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_sent_at",
                schema: "membership",
                table: "outbox_messages",
                column: "sent_at",
                filter: "sent_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "applications",
                schema: "membership");

            migrationBuilder.DropTable(
                name: "audit_entries",
                schema: "membership");

            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "membership");

            migrationBuilder.DropTable(
                name: "members",
                schema: "membership");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "membership");
        }
    }
}
