using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Incidents2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MatchKey",
                table: "IncidentSavedSearches",
                type: "TEXT",
                maxLength: 80,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IncidentAlertPreferences",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentAlertPreferences", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "IncidentChannelMemberships",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    JoinedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeftAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentChannelMemberships", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentChannelMemberships_Parties_PartyCode",
                        column: x => x.PartyCode,
                        principalTable: "Parties",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentDigestItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Arguments = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Link = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentDigestItems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IncidentRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    EditedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EditorPartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    EditedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedFields = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Significant = table.Column<bool>(type: "INTEGER", nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 64000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentRevisions_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentStatistics",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Key2 = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentStatistics", x => new { x.Kind, x.Channel, x.Year, x.Key, x.Key2 });
                });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentSavedSearches_MatchKey",
                table: "IncidentSavedSearches",
                column: "MatchKey");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Restricted_Channel",
                table: "Incidents",
                columns: new[] { "Restricted", "Channel" },
                filter: "\"Restricted\"");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentChannelMemberships_PartyCode_Channel",
                table: "IncidentChannelMemberships",
                columns: new[] { "PartyCode", "Channel" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentDigestItems_SentAt_UserId",
                table: "IncidentDigestItems",
                columns: new[] { "SentAt", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentRevisions_IncidentId_Version",
                table: "IncidentRevisions",
                columns: new[] { "IncidentId", "Version" },
                unique: true);

            // The dashboard counters start from the incidents already stored (ADR 29).
            migrationBuilder.Sql(Cordon.Application.Incidents.IncidentStatisticsWriter.CountersFromIncidentsSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IncidentAlertPreferences");

            migrationBuilder.DropTable(
                name: "IncidentChannelMemberships");

            migrationBuilder.DropTable(
                name: "IncidentDigestItems");

            migrationBuilder.DropTable(
                name: "IncidentRevisions");

            migrationBuilder.DropTable(
                name: "IncidentStatistics");

            migrationBuilder.DropIndex(
                name: "IX_IncidentSavedSearches_MatchKey",
                table: "IncidentSavedSearches");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_Restricted_Channel",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "MatchKey",
                table: "IncidentSavedSearches");
        }
    }
}
