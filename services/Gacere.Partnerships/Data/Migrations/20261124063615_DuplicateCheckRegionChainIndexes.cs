using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.Partnerships.Data.Migrations
{
    /// <inheritdoc />
    public partial class DuplicateCheckRegionChainIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_partnerships_covered_regions",
                schema: "partnerships",
                table: "partnerships",
                column: "covered_regions")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_partnerships_value_chains",
                schema: "partnerships",
                table: "partnerships",
                column: "value_chains")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_partnerships_covered_regions",
                schema: "partnerships",
                table: "partnerships");

            migrationBuilder.DropIndex(
                name: "ix_partnerships_value_chains",
                schema: "partnerships",
                table: "partnerships");
        }
    }
}
