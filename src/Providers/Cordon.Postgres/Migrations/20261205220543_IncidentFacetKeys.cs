using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class IncidentFacetKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "FacetKeys",
                table: "Incidents",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            // Facet keys of the existing incidents and the GIN index over words and keys (ADR 44).
            migrationBuilder.Sql(Cordon.Application.Incidents.IncidentSearchSql.PostgresFacetsUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Cordon.Application.Incidents.IncidentSearchSql.PostgresFacetsDown);

            migrationBuilder.DropColumn(
                name: "FacetKeys",
                table: "Incidents");
        }
    }
}
