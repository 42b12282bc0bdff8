using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Traceability2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "EndorsedByKeyId",
                table: "PartyKeyGenerations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Endorsement",
                table: "PartyKeyGenerations",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConnectorTransfers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    ChainId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestMessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ProposedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Generation = table.Column<int>(type: "INTEGER", nullable: false),
                    WrappedKey = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Preview = table.Column<string>(type: "TEXT", nullable: false),
                    PreviewSignature = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ProposerKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PreviewDigest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UimCount = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ApproverKeyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ApprovalSignature = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResultMessageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConnectorTransfers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TraceabilityMonthlyCounts",
                columns: table => new
                {
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    FromParty = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    ToParty = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Requests = table.Column<int>(type: "INTEGER", nullable: false),
                    Replies = table.Column<int>(type: "INTEGER", nullable: false),
                    FollowUps = table.Column<int>(type: "INTEGER", nullable: false),
                    Uims = table.Column<long>(type: "INTEGER", nullable: false),
                    NotActioned = table.Column<int>(type: "INTEGER", nullable: false),
                    Unread = table.Column<int>(type: "INTEGER", nullable: false),
                    RepliedChains = table.Column<int>(type: "INTEGER", nullable: false),
                    ReplySeconds = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TraceabilityMonthlyCounts", x => new { x.Month, x.FromParty, x.ToParty });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConnectorTransfers_PartyCode_State_ProposedAt",
                table: "ConnectorTransfers",
                columns: new[] { "PartyCode", "State", "ProposedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ConnectorTransfers_RequestMessageId_Direction",
                table: "ConnectorTransfers",
                columns: new[] { "RequestMessageId", "Direction" });

            // The per-month statistics counters (ADR 27), from the messages and chains already stored; afterwards they
            // are maintained on write. Same SQL as TraceabilityCounters.RebuildSql, frozen here.
            migrationBuilder.Sql(@"INSERT INTO ""TraceabilityMonthlyCounts"" (""Month"", ""FromParty"", ""ToParty"", ""Requests"", ""Replies"", ""FollowUps"", ""Uims"", ""NotActioned"", ""Unread"", ""RepliedChains"", ""ReplySeconds"")
SELECT ""Month"", ""FromParty"", ""ToParty"", SUM(""Requests""), SUM(""Replies""), SUM(""FollowUps""), SUM(""Uims""), SUM(""NotActioned""), SUM(""Unread""), SUM(""RepliedChains""), SUM(""ReplySeconds"")
FROM (
  SELECT (CAST(strftime('%Y', (""SentAt"" - 621355968000000000) / 10000000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', (""SentAt"" - 621355968000000000) / 10000000, 'unixepoch') AS INTEGER) - 1) AS ""Month"", ""SenderParty"" AS ""FromParty"", ""RecipientParty"" AS ""ToParty"",
    SUM(CASE WHEN ""Kind"" = 0 THEN 1 ELSE 0 END) AS ""Requests"", SUM(CASE WHEN ""Kind"" = 1 THEN 1 ELSE 0 END) AS ""Replies"",
    SUM(CASE WHEN ""Kind"" = 2 THEN 1 ELSE 0 END) AS ""FollowUps"", SUM(CASE WHEN ""Kind"" = 1 THEN 0 ELSE CAST(""UimCount"" AS BIGINT) END) AS ""Uims"",
    SUM(CASE WHEN ""ActionedAt"" IS NULL THEN 1 ELSE 0 END) AS ""NotActioned"", SUM(CASE WHEN ""ReadAt"" IS NULL THEN 1 ELSE 0 END) AS ""Unread"",
    0 AS ""RepliedChains"", CAST(0 AS BIGINT) AS ""ReplySeconds""
  FROM ""TraceabilityMessages"" GROUP BY 1, 2, 3
  UNION ALL
  SELECT (CAST(strftime('%Y', (""CreatedAt"" - 621355968000000000) / 10000000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', (""CreatedAt"" - 621355968000000000) / 10000000, 'unixepoch') AS INTEGER) - 1), ""RequestingParty"", ""RespondingParty"", 0, 0, 0, CAST(0 AS BIGINT), 0, 0, COUNT(*), SUM(""ReplySeconds"")
  FROM ""TraceabilityChains"" WHERE ""ReplySeconds"" IS NOT NULL GROUP BY 1, 2, 3
) AS x
GROUP BY ""Month"", ""FromParty"", ""ToParty""");
            // And the whole-year rows (Month = -year) from the month rows.
            migrationBuilder.Sql(@"INSERT INTO ""TraceabilityMonthlyCounts"" (""Month"", ""FromParty"", ""ToParty"", ""Requests"", ""Replies"", ""FollowUps"", ""Uims"", ""NotActioned"", ""Unread"", ""RepliedChains"", ""ReplySeconds"")
SELECT -(""Month"" / 12), ""FromParty"", ""ToParty"", SUM(""Requests""), SUM(""Replies""), SUM(""FollowUps""), SUM(""Uims""), SUM(""NotActioned""), SUM(""Unread""), SUM(""RepliedChains""), SUM(""ReplySeconds"")
FROM ""TraceabilityMonthlyCounts"" WHERE ""Month"" >= 0
GROUP BY -(""Month"" / 12), ""FromParty"", ""ToParty""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConnectorTransfers");

            migrationBuilder.DropTable(
                name: "TraceabilityMonthlyCounts");

            migrationBuilder.DropColumn(
                name: "EndorsedByKeyId",
                table: "PartyKeyGenerations");

            migrationBuilder.DropColumn(
                name: "Endorsement",
                table: "PartyKeyGenerations");
        }
    }
}
