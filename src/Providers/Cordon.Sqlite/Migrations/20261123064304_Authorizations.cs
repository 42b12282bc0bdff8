using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Authorizations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuthAuthorizedTotals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    SubstanceCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    AuthorizedGrams = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthAuthorizedTotals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuthEstimates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    SubstanceCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Grams = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: false),
                    Supplementary = table.Column<bool>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ProposedBy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ConfirmedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthEstimates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuthImportProhibitions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    SubstanceCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Since = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WithdrawnOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthImportProhibitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Authorizations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IssuingCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Paper = table.Column<bool>(type: "INTEGER", nullable: false),
                    ImportingCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    ExportingCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    IssueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    ImporterName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ImporterAddress = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ExporterName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ExporterAddress = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SubstanceCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Preparation = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    PharmaceuticalForm = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Quantity = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PureBaseGrams = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: false),
                    PointOfEntry = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SeveralConsignments = table.Column<bool>(type: "INTEGER", nullable: false),
                    ImportAuthorizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ImportNumber = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ImportDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ImportAuthority = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    SpecialImportLicence = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ExportedGrams = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EstimateWarning = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ExcessGrams = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: false),
                    ExcessReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    QuantityImported = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: true),
                    ImportedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndorsementRemarks = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    QuantityExported = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: true),
                    Discrepancy = table.Column<bool>(type: "INTEGER", nullable: false),
                    CancellationReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Authorizations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuthAuthorizedTotals_CountryCode_SubstanceCode_Year",
                table: "AuthAuthorizedTotals",
                columns: new[] { "CountryCode", "SubstanceCode", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuthEstimates_CountryCode_SubstanceCode_Kind_Year_Sequence",
                table: "AuthEstimates",
                columns: new[] { "CountryCode", "SubstanceCode", "Kind", "Year", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuthEstimates_Status",
                table: "AuthEstimates",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_AuthImportProhibitions_CountryCode_SubstanceCode",
                table: "AuthImportProhibitions",
                columns: new[] { "CountryCode", "SubstanceCode" });

            migrationBuilder.CreateIndex(
                name: "IX_Authorizations_ExportingCountry_CreatedAt",
                table: "Authorizations",
                columns: new[] { "ExportingCountry", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Authorizations_ImportAuthorizationId",
                table: "Authorizations",
                column: "ImportAuthorizationId");

            migrationBuilder.CreateIndex(
                name: "IX_Authorizations_ImportingCountry_CreatedAt",
                table: "Authorizations",
                columns: new[] { "ImportingCountry", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Authorizations_IssuingCountry_Kind_Number",
                table: "Authorizations",
                columns: new[] { "IssuingCountry", "Kind", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuthAuthorizedTotals");

            migrationBuilder.DropTable(
                name: "AuthEstimates");

            migrationBuilder.DropTable(
                name: "AuthImportProhibitions");

            migrationBuilder.DropTable(
                name: "Authorizations");
        }
    }
}
