using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PermitLines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Warnings",
                table: "WebhookDeliveries",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplacesPermitNumber",
                table: "Permits",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PermitLines",
                columns: table => new
                {
                    PermitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LineNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    ScientificName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CommonName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Appendix = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Quantity = table.Column<decimal>(type: "TEXT", precision: 18, scale: 3, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    RemainingQuantity = table.Column<decimal>(type: "TEXT", precision: 18, scale: 3, nullable: false),
                    QuantityTraded = table.Column<decimal>(type: "TEXT", precision: 18, scale: 3, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PermitLines", x => new { x.PermitId, x.LineNumber });
                    table.ForeignKey(
                        name: "FK_PermitLines_Permits_PermitId",
                        column: x => x.PermitId,
                        principalTable: "Permits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PermitLines_ScientificName",
                table: "PermitLines",
                column: "ScientificName");

            // Every existing permit had one specimen line: it becomes line 1, before the permit's own columns are dropped.
            migrationBuilder.Sql("""
                INSERT INTO "PermitLines" ("PermitId", "LineNumber", "ScientificName", "CommonName", "Appendix", "Source", "Description", "Quantity", "Unit", "RemainingQuantity", "QuantityTraded")
                SELECT "Id", 1, "ScientificName", "CommonName", "Appendix", "Source", "Description", "Quantity", "Unit", "RemainingQuantity", "QuantityTraded" FROM "Permits";
                """);

            migrationBuilder.DropColumn(
                name: "Appendix",
                table: "Permits");

            migrationBuilder.DropColumn(
                name: "CommonName",
                table: "Permits");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "Permits");

            migrationBuilder.DropColumn(
                name: "Quantity",
                table: "Permits");

            migrationBuilder.DropColumn(
                name: "QuantityTraded",
                table: "Permits");

            migrationBuilder.DropColumn(
                name: "RemainingQuantity",
                table: "Permits");

            migrationBuilder.DropColumn(
                name: "ScientificName",
                table: "Permits");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "Permits");

            migrationBuilder.DropColumn(
                name: "Unit",
                table: "Permits");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Warnings",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "ReplacesPermitNumber",
                table: "Permits");

            migrationBuilder.AddColumn<string>(
                name: "Appendix",
                table: "Permits",
                type: "TEXT",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CommonName",
                table: "Permits",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "Permits",
                type: "TEXT",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<decimal>(
                name: "Quantity",
                table: "Permits",
                type: "TEXT",
                precision: 18,
                scale: 3,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "QuantityTraded",
                table: "Permits",
                type: "TEXT",
                precision: 18,
                scale: 3,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "RemainingQuantity",
                table: "Permits",
                type: "TEXT",
                precision: 18,
                scale: 3,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "ScientificName",
                table: "Permits",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Permits",
                type: "TEXT",
                maxLength: 1,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Unit",
                table: "Permits",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            // Line 1 goes back into the permit's columns (further lines are lost on the way down).
            migrationBuilder.Sql("""
                UPDATE "Permits" SET
                    "ScientificName" = (SELECT l."ScientificName" FROM "PermitLines" l WHERE l."PermitId" = "Permits"."Id" AND l."LineNumber" = 1),
                    "CommonName" = (SELECT l."CommonName" FROM "PermitLines" l WHERE l."PermitId" = "Permits"."Id" AND l."LineNumber" = 1),
                    "Appendix" = (SELECT l."Appendix" FROM "PermitLines" l WHERE l."PermitId" = "Permits"."Id" AND l."LineNumber" = 1),
                    "Source" = (SELECT l."Source" FROM "PermitLines" l WHERE l."PermitId" = "Permits"."Id" AND l."LineNumber" = 1),
                    "Description" = (SELECT l."Description" FROM "PermitLines" l WHERE l."PermitId" = "Permits"."Id" AND l."LineNumber" = 1),
                    "Quantity" = (SELECT l."Quantity" FROM "PermitLines" l WHERE l."PermitId" = "Permits"."Id" AND l."LineNumber" = 1),
                    "Unit" = (SELECT l."Unit" FROM "PermitLines" l WHERE l."PermitId" = "Permits"."Id" AND l."LineNumber" = 1),
                    "RemainingQuantity" = (SELECT l."RemainingQuantity" FROM "PermitLines" l WHERE l."PermitId" = "Permits"."Id" AND l."LineNumber" = 1),
                    "QuantityTraded" = (SELECT l."QuantityTraded" FROM "PermitLines" l WHERE l."PermitId" = "Permits"."Id" AND l."LineNumber" = 1);
                """);

            migrationBuilder.DropTable(
                name: "PermitLines");
        }
    }
}
