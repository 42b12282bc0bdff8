using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class InvocationChangeSignals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The register of article 12(10)(a) invocations is cached between change signals like the directory (ADR 0053):
            // every change to it, whoever makes it, notifies the channel the nodes listen to (the function of ADR 0050).
            migrationBuilder.Sql("""
                CREATE TRIGGER cordon_directory_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PreExportInvocations"
                    FOR EACH STATEMENT EXECUTE FUNCTION cordon_directory_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER cordon_directory_changed ON "PreExportInvocations";""");
        }
    }
}
