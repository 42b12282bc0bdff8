using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cordon.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PreExportCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PreExportCountDeltas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    ExportingCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ImportingCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Marked = table.Column<bool>(type: "boolean", nullable: false),
                    Notifications = table.Column<int>(type: "integer", nullable: false),
                    ResponseSeconds = table.Column<long>(type: "bigint", nullable: false),
                    Timed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreExportCountDeltas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PreExportPartyCounts",
                columns: table => new
                {
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    PartyCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Marked = table.Column<bool>(type: "boolean", nullable: false),
                    Notifications = table.Column<int>(type: "integer", nullable: false),
                    ResponseSeconds = table.Column<long>(type: "bigint", nullable: false),
                    Timed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreExportPartyCounts", x => new { x.Year, x.Role, x.PartyCode, x.Status, x.Marked });
                });

            migrationBuilder.CreateTable(
                name: "PreExportRouteCounts",
                columns: table => new
                {
                    DispatchYear = table.Column<int>(type: "integer", nullable: false),
                    ImportingCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ExportingCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    SubstanceCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Lines = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreExportRouteCounts", x => new { x.DispatchYear, x.ImportingCountry, x.ExportingCountry, x.SubstanceCode });
                });

            migrationBuilder.CreateTable(
                name: "PreExportRouteDeltas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DispatchYear = table.Column<int>(type: "integer", nullable: false),
                    ImportingCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ExportingCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    SubstanceCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Lines = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreExportRouteDeltas", x => x.Id);
                });
        
            // Count the notifications already filed (ADR 35); the same SQL as PreExportCounts.RebuildAsync.
            foreach (var sql in Cordon.Application.PreExport.PreExportCounts.RebuildSql(sqlite: false))
                migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PreExportCountDeltas");

            migrationBuilder.DropTable(
                name: "PreExportPartyCounts");

            migrationBuilder.DropTable(
                name: "PreExportRouteCounts");

            migrationBuilder.DropTable(
                name: "PreExportRouteDeltas");
        }
    }
}
