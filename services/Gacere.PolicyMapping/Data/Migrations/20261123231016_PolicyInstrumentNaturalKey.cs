using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.PolicyMapping.Data.Migrations
{
    /// <inheritdoc />
    public partial class PolicyInstrumentNaturalKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_policy_instruments_member_id_source_url",
                schema: "policymapping",
                table: "policy_instruments",
                columns: new[] { "member_id", "source_url" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_policy_instruments_member_id_source_url",
                schema: "policymapping",
                table: "policy_instruments");
        }
    }
}
