using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gacere.Membership.Data.Migrations
{
    /// <summary>
    /// The audit trail is never rewritten: the database itself refuses UPDATE, DELETE and TRUNCATE of
    /// audit_entries, whatever client or bug attempts it. Only a migration (dropping the triggers) could.
    /// </summary>
    public partial class AuditTrailAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION membership.audit_entries_append_only() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'membership.audit_entries is append-only: % is not allowed', TG_OP
                        USING ERRCODE = 'insufficient_privilege',
                              HINT = 'Audit entries are written once and never changed or removed.';
                END;
                $$;

                CREATE TRIGGER audit_entries_no_update_or_delete
                    BEFORE UPDATE OR DELETE ON membership.audit_entries
                    FOR EACH ROW EXECUTE FUNCTION membership.audit_entries_append_only();

                CREATE TRIGGER audit_entries_no_truncate
                    BEFORE TRUNCATE ON membership.audit_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION membership.audit_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS audit_entries_no_truncate ON membership.audit_entries;
                DROP TRIGGER IF EXISTS audit_entries_no_update_or_delete ON membership.audit_entries;
                DROP FUNCTION IF EXISTS membership.audit_entries_append_only();
                """);
        }
    }
}
