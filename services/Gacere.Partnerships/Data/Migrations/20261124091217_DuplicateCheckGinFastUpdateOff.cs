using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.Partnerships.Data.Migrations
{
    /// <summary>
    /// The GIN indexes the duplication check reads take new rows at once (<c>fastupdate = off</c>) rather than into a
    /// pending list every scan reads linearly until a VACUUM merges it, and what is pending now is merged
    /// (<c>gin_clean_pending_list</c>; a plain ANALYZE does not). Altered in place rather than dropped and created again as
    /// the model differ wrote it: no moment without the indexes, no rebuild. See PartnershipConfiguration.
    /// </summary>
    public partial class DuplicateCheckGinFastUpdateOff : Migration
    {
        private static readonly string[] Indexes =
        [
            "ix_partnerships_title", "ix_partnerships_objective", "ix_partnerships_partner_member_ids", "ix_partnerships_countries",
            "ix_partnerships_covered_regions", "ix_partnerships_value_chains",
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var index in Indexes)
            {
                migrationBuilder.Sql($"ALTER INDEX partnerships.{index} SET (fastupdate = off);");
                migrationBuilder.Sql($"SELECT gin_clean_pending_list('partnerships.{index}'::regclass);");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var index in Indexes)
            {
                migrationBuilder.Sql($"ALTER INDEX partnerships.{index} RESET (fastupdate);");
            }
        }
    }
}
