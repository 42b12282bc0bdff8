using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Monitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MonitoringDddValues",
                columns: table => new
                {
                    SubstanceCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Grams = table.Column<double>(type: "REAL", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringDddValues", x => x.SubstanceCode);
                });

            migrationBuilder.CreateTable(
                name: "MonitoringPopulation",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Population = table.Column<long>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringPopulation", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MonitoringReminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Form = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Quarter = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringReminders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MonitoringThreads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Parties = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Figures = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    SubstanceCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringThreads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StatisticsSubmissions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Form = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Quarter = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    VersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    ProblemCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ProblemsJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticsSubmissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StatisticsTradeFigures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Form = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    ReporterCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    PartnerCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    SubstanceCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Quarter = table.Column<int>(type: "INTEGER", nullable: false),
                    Direction = table.Column<int>(type: "INTEGER", nullable: false),
                    Grams = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticsTradeFigures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StatisticsVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ProblemCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SavedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SavedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LinesJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticsVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StatisticsYearlyTotals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Form = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    SubstanceCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    OpeningStock = table.Column<double>(type: "REAL", nullable: false),
                    Production = table.Column<double>(type: "REAL", nullable: false),
                    Manufacture = table.Column<double>(type: "REAL", nullable: false),
                    Imports = table.Column<double>(type: "REAL", nullable: false),
                    Exports = table.Column<double>(type: "REAL", nullable: false),
                    Consumption = table.Column<double>(type: "REAL", nullable: false),
                    OtherUses = table.Column<double>(type: "REAL", nullable: false),
                    ClosingStock = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticsYearlyTotals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MonitoringMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ThreadId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromParty = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Author = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonitoringMessages_MonitoringThreads_ThreadId",
                        column: x => x.ThreadId,
                        principalTable: "MonitoringThreads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StatisticsLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LineNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Section = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    SubstanceCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    PartnerCountry = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Quantity = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: true),
                    OpeningStock = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: true),
                    Production = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: true),
                    Manufacture = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: true),
                    Imports = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: true),
                    Exports = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: true),
                    Consumption = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: true),
                    OtherUses = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: true),
                    ClosingStock = table.Column<decimal>(type: "TEXT", precision: 24, scale: 6, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticsLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatisticsLines_StatisticsSubmissions_SubmissionId",
                        column: x => x.SubmissionId,
                        principalTable: "StatisticsSubmissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringMessages_ThreadId",
                table: "MonitoringMessages",
                column: "ThreadId");

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringPopulation_CountryCode_Year",
                table: "MonitoringPopulation",
                columns: new[] { "CountryCode", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringReminders_CountryCode_Form_Year_Quarter",
                table: "MonitoringReminders",
                columns: new[] { "CountryCode", "Form", "Year", "Quarter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringThreads_Reference",
                table: "MonitoringThreads",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringThreads_Status_OpenedAt",
                table: "MonitoringThreads",
                columns: new[] { "Status", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsLines_SubmissionId_LineNumber",
                table: "StatisticsLines",
                columns: new[] { "SubmissionId", "LineNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsSubmissions_CountryCode_Form_Year_Quarter",
                table: "StatisticsSubmissions",
                columns: new[] { "CountryCode", "Form", "Year", "Quarter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsSubmissions_Year_Form",
                table: "StatisticsSubmissions",
                columns: new[] { "Year", "Form" });

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsTradeFigures_ReporterCountry_SubstanceCode_Year",
                table: "StatisticsTradeFigures",
                columns: new[] { "ReporterCountry", "SubstanceCode", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsTradeFigures_SubmissionId",
                table: "StatisticsTradeFigures",
                column: "SubmissionId");

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsTradeFigures_Year_Direction_ReporterCountry_PartnerCountry_SubstanceCode",
                table: "StatisticsTradeFigures",
                columns: new[] { "Year", "Direction", "ReporterCountry", "PartnerCountry", "SubstanceCode" });

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsVersions_SubmissionId_Number",
                table: "StatisticsVersions",
                columns: new[] { "SubmissionId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsYearlyTotals_CountryCode_SubstanceCode_Year",
                table: "StatisticsYearlyTotals",
                columns: new[] { "CountryCode", "SubstanceCode", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsYearlyTotals_Year_CountryCode",
                table: "StatisticsYearlyTotals",
                columns: new[] { "Year", "CountryCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonitoringDddValues");

            migrationBuilder.DropTable(
                name: "MonitoringMessages");

            migrationBuilder.DropTable(
                name: "MonitoringPopulation");

            migrationBuilder.DropTable(
                name: "MonitoringReminders");

            migrationBuilder.DropTable(
                name: "StatisticsLines");

            migrationBuilder.DropTable(
                name: "StatisticsTradeFigures");

            migrationBuilder.DropTable(
                name: "StatisticsVersions");

            migrationBuilder.DropTable(
                name: "StatisticsYearlyTotals");

            migrationBuilder.DropTable(
                name: "MonitoringThreads");

            migrationBuilder.DropTable(
                name: "StatisticsSubmissions");
        }
    }
}
