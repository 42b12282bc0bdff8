using Cordon.Application.Data;
using Cordon.Domain.Traceability;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Traceability;

/// <summary>
/// Keeps <see cref="TraceabilityMonthlyCount"/> in step with the messages, inside the writer's transaction (ADR 27): each
/// change goes to the row of its month and to the row of its whole year (Month = -year), so a statistic over years reads
/// one row per pair and year.
/// Every change is one atomic upsert or update (no read-modify-write), so concurrent senders on other nodes never lose
/// a count; the same SQL runs on PostgreSQL and SQLite (both have INSERT … ON CONFLICT DO UPDATE).
/// </summary>
public static class TraceabilityCounters
{
    /// <summary>A message was sent: count it by kind, its UIMs (not for replies), and as not yet read or actioned.</summary>
    public static Task MessageSentAsync(CordonDbContext db, TraceabilityMessage m, CancellationToken ct) =>
        UpsertAsync(db, TraceabilityMonthlyCount.MonthOf(m.SentAt), m.SenderParty, m.RecipientParty,
            requests: m.Kind == TraceabilityMessageKind.Request ? 1 : 0,
            replies: m.Kind == TraceabilityMessageKind.Reply ? 1 : 0,
            followUps: m.Kind == TraceabilityMessageKind.FollowUp ? 1 : 0,
            uims: m.Kind == TraceabilityMessageKind.Reply ? 0 : m.UimCount,
            open: 1, repliedChains: 0, replySeconds: 0, ct);

    /// <summary>A chain got its first reply: counted in the month the chain was created, as the statistic asks.</summary>
    public static Task FirstReplyAsync(CordonDbContext db, TraceabilityChain chain, long seconds, CancellationToken ct) =>
        UpsertAsync(db, TraceabilityMonthlyCount.MonthOf(chain.CreatedAt), chain.RequestingParty, chain.RespondingParty,
            0, 0, 0, 0, open: 0, repliedChains: 1, replySeconds: seconds, ct);

    /// <summary>A message became read and/or actioned (each at most once: the caller changed the row conditionally).</summary>
    public static async Task MarkedAsync(CordonDbContext db, TraceabilityMessage m, bool nowRead, bool nowActioned, CancellationToken ct)
    {
        if (!nowRead && !nowActioned) return;
        var month = TraceabilityMonthlyCount.MonthOf(m.SentAt);
        var year = TraceabilityMonthlyCount.YearRow(month);
        int unread = nowRead ? 1 : 0, notActioned = nowActioned ? 1 : 0;
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "TraceabilityMonthlyCounts" SET "Unread" = "Unread" - {unread}, "NotActioned" = "NotActioned" - {notActioned}
            WHERE "Month" IN ({month}, {year}) AND "FromParty" = {m.SenderParty} AND "ToParty" = {m.RecipientParty}
            """, ct);
    }

    private static async Task UpsertAsync(CordonDbContext db, int month, string from, string to, int requests, int replies, int followUps, long uims,
        int open, int repliedChains, long replySeconds, CancellationToken ct)
    {
        await UpsertRowAsync(db, month, from, to, requests, replies, followUps, uims, open, repliedChains, replySeconds, ct);
        await UpsertRowAsync(db, TraceabilityMonthlyCount.YearRow(month), from, to, requests, replies, followUps, uims, open, repliedChains, replySeconds, ct);
    }

    private static async Task UpsertRowAsync(CordonDbContext db, int month, string from, string to, int requests, int replies, int followUps, long uims,
        int open, int repliedChains, long replySeconds, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "TraceabilityMonthlyCounts" ("Month", "FromParty", "ToParty", "Requests", "Replies", "FollowUps", "Uims", "NotActioned", "Unread", "RepliedChains", "ReplySeconds")
            VALUES ({month}, {from}, {to}, {requests}, {replies}, {followUps}, {uims}, {open}, {open}, {repliedChains}, {replySeconds})
            ON CONFLICT ("Month", "FromParty", "ToParty") DO UPDATE SET
              "Requests" = "TraceabilityMonthlyCounts"."Requests" + excluded."Requests",
              "Replies" = "TraceabilityMonthlyCounts"."Replies" + excluded."Replies",
              "FollowUps" = "TraceabilityMonthlyCounts"."FollowUps" + excluded."FollowUps",
              "Uims" = "TraceabilityMonthlyCounts"."Uims" + excluded."Uims",
              "NotActioned" = "TraceabilityMonthlyCounts"."NotActioned" + excluded."NotActioned",
              "Unread" = "TraceabilityMonthlyCounts"."Unread" + excluded."Unread",
              "RepliedChains" = "TraceabilityMonthlyCounts"."RepliedChains" + excluded."RepliedChains",
              "ReplySeconds" = "TraceabilityMonthlyCounts"."ReplySeconds" + excluded."ReplySeconds"
            """, ct);

    /// <summary>
    /// Recomputes every counter from the messages and chains (the migration runs the same; the benchmark and tests call it
    /// after loading rows directly). Month arithmetic is provider-specific: SQLite stores UTC ticks, PostgreSQL timestamptz.
    /// </summary>
    public static async Task RebuildAsync(CordonDbContext db, CancellationToken ct = default)
    {
        foreach (var sql in RebuildSql(db.IsSqlite)) await db.Database.ExecuteSqlRawAsync(sql, ct);
    }

    /// <summary>The whole-year rows (Month = -year) from the month rows; integer division on both providers.</summary>
    public const string YearRowsSql = """
        INSERT INTO "TraceabilityMonthlyCounts" ("Month", "FromParty", "ToParty", "Requests", "Replies", "FollowUps", "Uims", "NotActioned", "Unread", "RepliedChains", "ReplySeconds")
        SELECT -("Month" / 12), "FromParty", "ToParty", SUM("Requests"), SUM("Replies"), SUM("FollowUps"), SUM("Uims"), SUM("NotActioned"), SUM("Unread"), SUM("RepliedChains"), SUM("ReplySeconds")
        FROM "TraceabilityMonthlyCounts" WHERE "Month" >= 0
        GROUP BY -("Month" / 12), "FromParty", "ToParty"
        """;

    public static IReadOnlyList<string> RebuildSql(bool sqlite)
    {
        string Month(string column) => sqlite
            ? $"(CAST(strftime('%Y', ({column} - 621355968000000000) / 10000000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', ({column} - 621355968000000000) / 10000000, 'unixepoch') AS INTEGER) - 1)"
            : $"(CAST(EXTRACT(YEAR FROM {column} AT TIME ZONE 'UTC') AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM {column} AT TIME ZONE 'UTC') AS INTEGER) - 1)";
        return
        [
            "DELETE FROM \"TraceabilityMonthlyCounts\"",
            $"""
            INSERT INTO "TraceabilityMonthlyCounts" ("Month", "FromParty", "ToParty", "Requests", "Replies", "FollowUps", "Uims", "NotActioned", "Unread", "RepliedChains", "ReplySeconds")
            SELECT "Month", "FromParty", "ToParty", SUM("Requests"), SUM("Replies"), SUM("FollowUps"), SUM("Uims"), SUM("NotActioned"), SUM("Unread"), SUM("RepliedChains"), SUM("ReplySeconds")
            FROM (
              SELECT {Month("\"SentAt\"")} AS "Month", "SenderParty" AS "FromParty", "RecipientParty" AS "ToParty",
                SUM(CASE WHEN "Kind" = 0 THEN 1 ELSE 0 END) AS "Requests", SUM(CASE WHEN "Kind" = 1 THEN 1 ELSE 0 END) AS "Replies",
                SUM(CASE WHEN "Kind" = 2 THEN 1 ELSE 0 END) AS "FollowUps", SUM(CASE WHEN "Kind" = 1 THEN 0 ELSE CAST("UimCount" AS BIGINT) END) AS "Uims",
                SUM(CASE WHEN "ActionedAt" IS NULL THEN 1 ELSE 0 END) AS "NotActioned", SUM(CASE WHEN "ReadAt" IS NULL THEN 1 ELSE 0 END) AS "Unread",
                0 AS "RepliedChains", CAST(0 AS BIGINT) AS "ReplySeconds"
              FROM "TraceabilityMessages" GROUP BY 1, 2, 3
              UNION ALL
              SELECT {Month("\"CreatedAt\"")}, "RequestingParty", "RespondingParty", 0, 0, 0, CAST(0 AS BIGINT), 0, 0, COUNT(*), SUM("ReplySeconds")
              FROM "TraceabilityChains" WHERE "ReplySeconds" IS NOT NULL GROUP BY 1, 2, 3
            ) AS x
            GROUP BY "Month", "FromParty", "ToParty"
            """,
            YearRowsSql,
        ];
    }
}
