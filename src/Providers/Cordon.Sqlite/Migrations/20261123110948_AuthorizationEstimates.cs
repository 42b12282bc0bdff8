using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuthorizationEstimates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "BaseFactor",
                table: "AuthEstimates",
                type: "TEXT",
                precision: 9,
                scale: 6,
                nullable: false,
                defaultValue: 1m);

            migrationBuilder.AddColumn<long>(
                name: "DecidedAt",
                table: "AuthEstimates",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecidedBy",
                table: "AuthEstimates",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionReason",
                table: "AuthEstimates",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "EnteredQuantity",
                table: "AuthEstimates",
                type: "TEXT",
                precision: 24,
                scale: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnteredUnit",
                table: "AuthEstimates",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Preparation",
                table: "AuthEstimates",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProposedByUser",
                table: "AuthEstimates",
                type: "TEXT",
                maxLength: 256,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BaseFactor",
                table: "AuthEstimates");

            migrationBuilder.DropColumn(
                name: "DecidedAt",
                table: "AuthEstimates");

            migrationBuilder.DropColumn(
                name: "DecidedBy",
                table: "AuthEstimates");

            migrationBuilder.DropColumn(
                name: "DecisionReason",
                table: "AuthEstimates");

            migrationBuilder.DropColumn(
                name: "EnteredQuantity",
                table: "AuthEstimates");

            migrationBuilder.DropColumn(
                name: "EnteredUnit",
                table: "AuthEstimates");

            migrationBuilder.DropColumn(
                name: "Preparation",
                table: "AuthEstimates");

            migrationBuilder.DropColumn(
                name: "ProposedByUser",
                table: "AuthEstimates");
        }
    }
}
