using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.Events.Data.Migrations
{
    /// <inheritdoc />
    public partial class Meetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "meetings",
                schema: "events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    times_known = table.Column<bool>(type: "boolean", nullable: false),
                    venue = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    online_link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    capacity = table.Column<int>(type: "integer", nullable: true),
                    anchor_edition = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    agenda_items = table.Column<List<string>>(type: "text[]", nullable: false),
                    open_to_observers = table.Column<bool>(type: "boolean", nullable: false),
                    open_to_strategic_partners = table.Column<bool>(type: "boolean", nullable: false),
                    high_level_year = table.Column<int>(type: "integer", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    announced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    registrations_taken = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    outcome_documents = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meetings", x => x.id);
                    table.ForeignKey(
                        name: "fk_meetings_anchor_events_anchor_edition",
                        column: x => x.anchor_edition,
                        principalSchema: "events",
                        principalTable: "anchor_events",
                        principalColumn: "edition",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "member_calendar_tokens",
                schema: "events",
                columns: table => new
                {
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    issued_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_member_calendar_tokens", x => x.member_id);
                });

            migrationBuilder.CreateTable(
                name: "member_standings",
                schema: "events",
                columns: table => new
                {
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_member_standings", x => x.member_id);
                });

            migrationBuilder.CreateTable(
                name: "meeting_transitions",
                schema: "events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    meeting_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_transitions", x => x.id);
                    table.ForeignKey(
                        name: "fk_meeting_transitions_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalSchema: "events",
                        principalTable: "meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "registrations",
                schema: "events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    meeting_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    delegate_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    delegate_role = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    delegate_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    number = table.Column<long>(type: "bigint", nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    cancellation_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registrations", x => x.id);
                    table.ForeignKey(
                        name: "fk_registrations_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalSchema: "events",
                        principalTable: "meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "registration_transitions",
                schema: "events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    registration_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    to = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registration_transitions", x => x.id);
                    table.ForeignKey(
                        name: "fk_registration_transitions_registrations_registration_id",
                        column: x => x.registration_id,
                        principalSchema: "events",
                        principalTable: "registrations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_meeting_transitions_meeting_id_at",
                schema: "events",
                table: "meeting_transitions",
                columns: new[] { "meeting_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_meetings_anchor_edition",
                schema: "events",
                table: "meetings",
                column: "anchor_edition");

            migrationBuilder.CreateIndex(
                name: "ix_meetings_starts_at",
                schema: "events",
                table: "meetings",
                column: "starts_at");

            migrationBuilder.CreateIndex(
                name: "ux_meetings_high_level_year",
                schema: "events",
                table: "meetings",
                column: "high_level_year",
                unique: true,
                filter: "high_level_year IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_member_calendar_tokens_token_hash",
                schema: "events",
                table: "member_calendar_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_registration_transitions_registration_id_at",
                schema: "events",
                table: "registration_transitions",
                columns: new[] { "registration_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_registrations_meeting_id_number",
                schema: "events",
                table: "registrations",
                columns: new[] { "meeting_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_registrations_member_id_status",
                schema: "events",
                table: "registrations",
                columns: new[] { "member_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "meeting_transitions",
                schema: "events");

            migrationBuilder.DropTable(
                name: "member_calendar_tokens",
                schema: "events");

            migrationBuilder.DropTable(
                name: "member_standings",
                schema: "events");

            migrationBuilder.DropTable(
                name: "registration_transitions",
                schema: "events");

            migrationBuilder.DropTable(
                name: "registrations",
                schema: "events");

            migrationBuilder.DropTable(
                name: "meetings",
                schema: "events");
        }
    }
}
