using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Postgres.Migrations
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
                type: "numeric(9,6)",
                precision: 9,
                scale: 6,
                nullable: false,
                defaultValue: 1m);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DecidedAt",
                table: "AuthEstimates",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecidedBy",
                table: "AuthEstimates",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionReason",
                table: "AuthEstimates",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "EnteredQuantity",
                table: "AuthEstimates",
                type: "numeric(24,6)",
                precision: 24,
                scale: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnteredUnit",
                table: "AuthEstimates",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Preparation",
                table: "AuthEstimates",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProposedByUser",
                table: "AuthEstimates",
                type: "character varying(256)",
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
