using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReferenceCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReferenceCounters",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Last = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferenceCounters", x => new { x.Scope, x.Key });
                });

            // Each pre-export series continues after the highest reference in use ("AT-2026-000123": the number starts at 9).
            migrationBuilder.Sql("""
                INSERT INTO "ReferenceCounters" ("Scope", "Key", "Last")
                SELECT 'preexport.reference', "ExportingCountry" || ':' || "Year", MAX(CAST(substr("Reference", 9) AS INTEGER))
                FROM "PreExportNotifications" GROUP BY "ExportingCountry", "Year"
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReferenceCounters");
        }
    }
}
