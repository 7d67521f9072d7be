using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.Events.Data.Migrations
{
    /// <inheritdoc />
    public partial class DropMemberStandings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A departure the registration consumer applied before the replica did: the replica keeps it.
            migrationBuilder.Sql("""
                UPDATE events.member_replicas r SET status = s.status, version = s.version, updated_at = now()
                FROM events.member_standings s WHERE s.member_id = r.member_id AND s.version > r.version
                """);
            migrationBuilder.DropTable(
                name: "member_standings",
                schema: "events");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "member_standings",
                schema: "events",
                columns: table => new
                {
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_member_standings", x => x.member_id);
                });
        }
    }
}
