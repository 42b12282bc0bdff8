using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PreExport2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PreExportNotifications_Year_ExportingCountry",
                table: "PreExportNotifications");

            migrationBuilder.AddColumn<long>(
                name: "ResponseSeconds",
                table: "PreExportNotifications",
                type: "INTEGER",
                nullable: true);

            // Response times of notifications answered before this migration (ADR 30).
            migrationBuilder.Sql("""UPDATE "PreExportNotifications" SET "ResponseSeconds" = ("AnsweredAt" - "CreatedAt") / 10000000 WHERE "AnsweredAt" IS NOT NULL;""");

            migrationBuilder.AddColumn<Guid>(
                name: "PreExportNotificationId",
                table: "Incidents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_PreExportNotifications_ExportingCountry_ImportingCountry_DispatchDate",
                table: "PreExportNotifications",
                columns: new[] { "ExportingCountry", "ImportingCountry", "DispatchDate" });

            migrationBuilder.CreateIndex(
                name: "IX_PreExportNotifications_Year_ExportingCountry_Status_Mark",
                table: "PreExportNotifications",
                columns: new[] { "Year", "ExportingCountry", "Status", "Mark" });

            migrationBuilder.CreateIndex(
                name: "IX_PreExportNotifications_Year_ImportingCountry_Status_ResponseSeconds",
                table: "PreExportNotifications",
                columns: new[] { "Year", "ImportingCountry", "Status", "ResponseSeconds" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_PreExportNotificationId",
                table: "Incidents",
                column: "PreExportNotificationId");

            // No foreign key on SQLite: adding one rebuilds "Incidents" at the end of the migration, which drops the full-text
            // triggers (IncidentSearchSql). The link is checked by the application (PreExportIncidents.LinkableReferenceAsync).

            // SQLite adds the foreign key by rebuilding "Incidents", which drops the full-text triggers of IncidentSearchSql:
            // put them back (the FTS table itself is untouched).
            migrationBuilder.Sql("""
                CREATE TRIGGER IF NOT EXISTS "Incidents_search_insert" AFTER INSERT ON "Incidents" BEGIN
                    INSERT INTO "IncidentSearch"("IncidentId", "SearchText") VALUES (new."Id", new."SearchText");
                END;
                CREATE TRIGGER IF NOT EXISTS "Incidents_search_update" AFTER UPDATE OF "SearchText" ON "Incidents" BEGIN
                    DELETE FROM "IncidentSearch" WHERE "IncidentId" = old."Id";
                    INSERT INTO "IncidentSearch"("IncidentId", "SearchText") VALUES (new."Id", new."SearchText");
                END;
                CREATE TRIGGER IF NOT EXISTS "Incidents_search_delete" AFTER DELETE ON "Incidents" BEGIN
                    DELETE FROM "IncidentSearch" WHERE "IncidentId" = old."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.DropIndex(
                name: "IX_PreExportNotifications_ExportingCountry_ImportingCountry_DispatchDate",
                table: "PreExportNotifications");

            migrationBuilder.DropIndex(
                name: "IX_PreExportNotifications_Year_ExportingCountry_Status_Mark",
                table: "PreExportNotifications");

            migrationBuilder.DropIndex(
                name: "IX_PreExportNotifications_Year_ImportingCountry_Status_ResponseSeconds",
                table: "PreExportNotifications");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_PreExportNotificationId",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "ResponseSeconds",
                table: "PreExportNotifications");

            migrationBuilder.DropColumn(
                name: "PreExportNotificationId",
                table: "Incidents");

            migrationBuilder.CreateIndex(
                name: "IX_PreExportNotifications_Year_ExportingCountry",
                table: "PreExportNotifications",
                columns: new[] { "Year", "ExportingCountry" });

            // SQLite adds the foreign key by rebuilding "Incidents", which drops the full-text triggers of IncidentSearchSql:
            // put them back (the FTS table itself is untouched).
            migrationBuilder.Sql("""
                CREATE TRIGGER IF NOT EXISTS "Incidents_search_insert" AFTER INSERT ON "Incidents" BEGIN
                    INSERT INTO "IncidentSearch"("IncidentId", "SearchText") VALUES (new."Id", new."SearchText");
                END;
                CREATE TRIGGER IF NOT EXISTS "Incidents_search_update" AFTER UPDATE OF "SearchText" ON "Incidents" BEGIN
                    DELETE FROM "IncidentSearch" WHERE "IncidentId" = old."Id";
                    INSERT INTO "IncidentSearch"("IncidentId", "SearchText") VALUES (new."Id", new."SearchText");
                END;
                CREATE TRIGGER IF NOT EXISTS "Incidents_search_delete" AFTER DELETE ON "Incidents" BEGIN
                    DELETE FROM "IncidentSearch" WHERE "IncidentId" = old."Id";
                END;
                """);
        }
    }
}
