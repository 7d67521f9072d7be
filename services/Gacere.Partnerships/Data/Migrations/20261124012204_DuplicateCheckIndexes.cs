using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.Partnerships.Data.Migrations
{
    /// <inheritdoc />
    public partial class DuplicateCheckIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_partnerships_countries",
                schema: "partnerships",
                table: "partnerships",
                column: "countries")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_partnerships_partner_member_ids",
                schema: "partnerships",
                table: "partnerships",
                column: "partner_member_ids")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_partnerships_countries",
                schema: "partnerships",
                table: "partnerships");

            migrationBuilder.DropIndex(
                name: "ix_partnerships_partner_member_ids",
                schema: "partnerships",
                table: "partnerships");
        }
    }
}
