using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Documents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "DocumentId",
                table: "Authorizations",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Authorizations_DocumentId",
                table: "Authorizations",
                column: "DocumentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Authorizations_DocumentId",
                table: "Authorizations");

            migrationBuilder.DropColumn(
                name: "DocumentId",
                table: "Authorizations");
        }
    }
}
