using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PreExport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PreExportInvocations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    TableI = table.Column<bool>(type: "INTEGER", nullable: false),
                    TableII = table.Column<bool>(type: "INTEGER", nullable: false),
                    NamedSubstances = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Since = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WithdrawnOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreExportInvocations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PreExportNotifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ExportingCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    ImportingCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    TransitCountries = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ExporterName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ExporterAddress = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ImporterName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ImporterAddress = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ConsigneeName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ConsigneeAddress = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Confidential = table.Column<bool>(type: "INTEGER", nullable: false),
                    PointOfEntry = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    DispatchDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Packaging = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    TransportMode = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Route = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    PortOfExit = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ExporterReference = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ImportPermitReference = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Voluntary = table.Column<bool>(type: "INTEGER", nullable: false),
                    Mandatory = table.Column<bool>(type: "INTEGER", nullable: false),
                    MultiShipment = table.Column<bool>(type: "INTEGER", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RequirementWarning = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    ReplyDeadline = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnswerText = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReminderSentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ExporterInformation = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    InformationProvidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Mark = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MarkReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    MarkedBy = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    MarkedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreExportNotifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PreExportRequirements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    SubstanceCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Kilograms = table.Column<decimal>(type: "TEXT", precision: 18, scale: 3, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreExportRequirements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PreExportLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NotificationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubstanceCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Quantity = table.Column<decimal>(type: "TEXT", precision: 20, scale: 6, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Grams = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreExportLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PreExportLines_PreExportNotifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "PreExportNotifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PreExportShipments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NotificationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShippedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Quantity = table.Column<decimal>(type: "TEXT", precision: 20, scale: 6, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreExportShipments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PreExportShipments_PreExportNotifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "PreExportNotifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PreExportInvocations_CountryCode",
                table: "PreExportInvocations",
                column: "CountryCode");

            migrationBuilder.CreateIndex(
                name: "IX_PreExportLines_NotificationId",
                table: "PreExportLines",
                column: "NotificationId");

            migrationBuilder.CreateIndex(
                name: "IX_PreExportLines_SubstanceCode",
                table: "PreExportLines",
                column: "SubstanceCode");

            migrationBuilder.CreateIndex(
                name: "IX_PreExportNotifications_ExportingCountry_CreatedAt",
                table: "PreExportNotifications",
                columns: new[] { "ExportingCountry", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PreExportNotifications_ImportingCountry_CreatedAt",
                table: "PreExportNotifications",
                columns: new[] { "ImportingCountry", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PreExportNotifications_Reference",
                table: "PreExportNotifications",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PreExportNotifications_Status_ReplyDeadline",
                table: "PreExportNotifications",
                columns: new[] { "Status", "ReplyDeadline" });

            migrationBuilder.CreateIndex(
                name: "IX_PreExportNotifications_Year_ExportingCountry",
                table: "PreExportNotifications",
                columns: new[] { "Year", "ExportingCountry" });

            migrationBuilder.CreateIndex(
                name: "IX_PreExportRequirements_CountryCode_SubstanceCode_Year",
                table: "PreExportRequirements",
                columns: new[] { "CountryCode", "SubstanceCode", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PreExportShipments_NotificationId",
                table: "PreExportShipments",
                column: "NotificationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PreExportInvocations");

            migrationBuilder.DropTable(
                name: "PreExportLines");

            migrationBuilder.DropTable(
                name: "PreExportRequirements");

            migrationBuilder.DropTable(
                name: "PreExportShipments");

            migrationBuilder.DropTable(
                name: "PreExportNotifications");
        }
    }
}
