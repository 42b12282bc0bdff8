using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Permits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CitesTaxa",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ScientificName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CommonName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Appendix = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ListingParty = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Annotation = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Kingdom = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CitesTaxa", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PermitRiskRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PermitRiskRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Permits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    IssuingCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ExportingCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ImportingCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ExporterName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ExporterAddress = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ImporterName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ImporterAddress = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CountryOfOrigin = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Purpose = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    Source = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    ScientificName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CommonName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Appendix = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Quantity = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    Unit = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    RemainingQuantity = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    OriginalPermitNumber = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    SpecialConditions = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    AppliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AppliedBy = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    AdviceRequired = table.Column<bool>(type: "boolean", nullable: false),
                    AdvicePositive = table.Column<bool>(type: "boolean", nullable: true),
                    AdviceNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AdviceBy = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    AdviceAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    IssuedBy = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DocumentId = table.Column<Guid>(type: "uuid", nullable: true),
                    QuantityTraded = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: true),
                    TradeDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Port = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    EndorsedBy = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    EndorsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CancelledBy = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Permits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SignedDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Authority = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    KeyFingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Payload = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    Signature = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignedDocuments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SigningKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Authority = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PublicKeySpki = table.Column<byte[]>(type: "bytea", maxLength: 512, nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedBy = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    RevocationReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SigningKeys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CitesTaxa_ScientificName",
                table: "CitesTaxa",
                column: "ScientificName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Permits_DocumentId",
                table: "Permits",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_Permits_ImportingCountry",
                table: "Permits",
                column: "ImportingCountry");

            migrationBuilder.CreateIndex(
                name: "IX_Permits_IssuingCountry_Year",
                table: "Permits",
                columns: new[] { "IssuingCountry", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_Permits_Number",
                table: "Permits",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SigningKeys_Authority",
                table: "SigningKeys",
                column: "Authority");

            migrationBuilder.CreateIndex(
                name: "IX_SigningKeys_Fingerprint",
                table: "SigningKeys",
                column: "Fingerprint",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CitesTaxa");

            migrationBuilder.DropTable(
                name: "PermitRiskRules");

            migrationBuilder.DropTable(
                name: "Permits");

            migrationBuilder.DropTable(
                name: "SignedDocuments");

            migrationBuilder.DropTable(
                name: "SigningKeys");
        }
    }
}
