using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Postgres.Migrations
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
                type: "bigint",
                nullable: true);

            // Response times of notifications answered before this migration (ADR 30).
            migrationBuilder.Sql("""UPDATE "PreExportNotifications" SET "ResponseSeconds" = CAST(EXTRACT(EPOCH FROM ("AnsweredAt" - "CreatedAt")) AS bigint) WHERE "AnsweredAt" IS NOT NULL;""");

            migrationBuilder.AddColumn<Guid>(
                name: "PreExportNotificationId",
                table: "Incidents",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_PreExportNotifications_ExportingCountry_ImportingCountry_Di~",
                table: "PreExportNotifications",
                columns: new[] { "ExportingCountry", "ImportingCountry", "DispatchDate" });

            migrationBuilder.CreateIndex(
                name: "IX_PreExportNotifications_Year_ExportingCountry_Status_Mark",
                table: "PreExportNotifications",
                columns: new[] { "Year", "ExportingCountry", "Status", "Mark" });

            migrationBuilder.CreateIndex(
                name: "IX_PreExportNotifications_Year_ImportingCountry_Status_Respons~",
                table: "PreExportNotifications",
                columns: new[] { "Year", "ImportingCountry", "Status", "ResponseSeconds" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_PreExportNotificationId",
                table: "Incidents",
                column: "PreExportNotificationId");

            migrationBuilder.AddForeignKey(
                name: "FK_Incidents_PreExportNotifications_PreExportNotificationId",
                table: "Incidents",
                column: "PreExportNotificationId",
                principalTable: "PreExportNotifications",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Incidents_PreExportNotifications_PreExportNotificationId",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_PreExportNotifications_ExportingCountry_ImportingCountry_Di~",
                table: "PreExportNotifications");

            migrationBuilder.DropIndex(
                name: "IX_PreExportNotifications_Year_ExportingCountry_Status_Mark",
                table: "PreExportNotifications");

            migrationBuilder.DropIndex(
                name: "IX_PreExportNotifications_Year_ImportingCountry_Status_Respons~",
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
        }
    }
}
