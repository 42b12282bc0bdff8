using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IncidentFacetKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FacetKeys",
                table: "Incidents",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            // Facet keys of the existing incidents (ADR 44); SQLite keeps filtering facets by their rows.
            migrationBuilder.Sql(Cordon.Application.Incidents.IncidentSearchSql.SqliteFacetsUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FacetKeys",
                table: "Incidents");
        }
    }
}
