using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Incidents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IncidentDrafts",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 64000, nullable: false),
                    SavedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentDrafts", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "IncidentFollows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentFollows", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ModusOperandi = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Concealment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Transport = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Companies = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Persons = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ContainerNumbers = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AirwayBills = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Actionable = table.Column<bool>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    Restricted = table.Column<bool>(type: "INTEGER", nullable: false),
                    PreExportReference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReporterPartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    ReporterUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReporterAuthorityId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    SearchText = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Incidents_Parties_ReporterPartyCode",
                        column: x => x.ReporterPartyCode,
                        principalTable: "Parties",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentSavedSearches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Query = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentSavedSearches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IncidentAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentAttachments_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentComments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    RequestsAssistance = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentComments_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentCountries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentCountries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentCountries_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FromIncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToIncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentLinks_Incidents_FromIncidentId",
                        column: x => x.FromIncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IncidentLinks_Incidents_ToIncidentId",
                        column: x => x.ToIncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentParties",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentParties", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentParties_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentSubstances",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubstanceCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Quantity = table.Column<decimal>(type: "TEXT", precision: 28, scale: 6, nullable: true),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    Form = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PurityPercent = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentSubstances", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentSubstances_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentAttachments_IncidentId",
                table: "IncidentAttachments",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentComments_IncidentId_Id",
                table: "IncidentComments",
                columns: new[] { "IncidentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentCountries_CountryCode_IncidentId",
                table: "IncidentCountries",
                columns: new[] { "CountryCode", "IncidentId" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentCountries_IncidentId_Role",
                table: "IncidentCountries",
                columns: new[] { "IncidentId", "Role" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentFollows_Kind_Value",
                table: "IncidentFollows",
                columns: new[] { "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentFollows_UserId_Kind_Value",
                table: "IncidentFollows",
                columns: new[] { "UserId", "Kind", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncidentLinks_FromIncidentId_ToIncidentId",
                table: "IncidentLinks",
                columns: new[] { "FromIncidentId", "ToIncidentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncidentLinks_ToIncidentId",
                table: "IncidentLinks",
                column: "ToIncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentParties_IncidentId",
                table: "IncidentParties",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentParties_PartyCode_IncidentId",
                table: "IncidentParties",
                columns: new[] { "PartyCode", "IncidentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Channel_OccurredOn",
                table: "Incidents",
                columns: new[] { "Channel", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_CreatedAt",
                table: "Incidents",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_ReporterPartyCode",
                table: "Incidents",
                column: "ReporterPartyCode");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Year_Channel",
                table: "Incidents",
                columns: new[] { "Year", "Channel" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentSavedSearches_UserId",
                table: "IncidentSavedSearches",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentSubstances_IncidentId",
                table: "IncidentSubstances",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentSubstances_SubstanceCode_IncidentId",
                table: "IncidentSubstances",
                columns: new[] { "SubstanceCode", "IncidentId" });

            // Full-text index of incidents (raw SQL kept in Cordon.Application/Incidents/IncidentSearchSql.cs).
            migrationBuilder.Sql(Cordon.Application.Incidents.IncidentSearchSql.SqliteUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Cordon.Application.Incidents.IncidentSearchSql.SqliteDown);

            migrationBuilder.DropTable(
                name: "IncidentAttachments");

            migrationBuilder.DropTable(
                name: "IncidentComments");

            migrationBuilder.DropTable(
                name: "IncidentCountries");

            migrationBuilder.DropTable(
                name: "IncidentDrafts");

            migrationBuilder.DropTable(
                name: "IncidentFollows");

            migrationBuilder.DropTable(
                name: "IncidentLinks");

            migrationBuilder.DropTable(
                name: "IncidentParties");

            migrationBuilder.DropTable(
                name: "IncidentSavedSearches");

            migrationBuilder.DropTable(
                name: "IncidentSubstances");

            migrationBuilder.DropTable(
                name: "Incidents");
        }
    }
}
