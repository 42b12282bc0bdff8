using Cordon.Application.Data;
using Cordon.Domain.PreExport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cordon.Application.PreExport;

/// <summary>Whose row a <see cref="PreExportPartyCount"/> is: the exporting Party's, the importing Party's, or every notification's.</summary>
public enum PreExportCountRole
{
    Sent = 0,
    Received = 1,
    All = 2,
}

/// <summary>
/// Notifications filed in a year, per Party and side (sent, received; and all of them with an empty Party), status and mark,
/// with the sum and number of response times (ADR 35). Folded from <see cref="PreExportCountDelta"/> by a leased job.
/// </summary>
public sealed class PreExportPartyCount
{
    public int Year { get; init; }
    public PreExportCountRole Role { get; init; }
    public required string PartyCode { get; init; }
    public PreExportStatus Status { get; init; }
    public bool Marked { get; init; }
    public int Notifications { get; set; }
    public long ResponseSeconds { get; set; }
    public int Timed { get; set; }
}

/// <summary>Notification lines per dispatch year, exporter, importer and substance (the routes notified; ADR 35).</summary>
public sealed class PreExportRouteCount
{
    public int DispatchYear { get; init; }
    public required string ImportingCountry { get; init; }
    public required string ExportingCountry { get; init; }
    public required string SubstanceCode { get; init; }
    public int Lines { get; set; }
}

/// <summary>
/// A change to the counts not yet folded into <see cref="PreExportPartyCount"/>: written in the writer's transaction as a plain
/// insert (no row is updated, so concurrent filers never wait on each other), read together with the folded counts.
/// </summary>
public sealed class PreExportCountDelta
{
    public long Id { get; init; }
    public int Year { get; init; }
    public required string ExportingCountry { get; init; }
    public required string ImportingCountry { get; init; }
    public PreExportStatus Status { get; init; }
    public bool Marked { get; init; }
    public int Notifications { get; init; }
    public long ResponseSeconds { get; init; }
    public int Timed { get; init; }
}

/// <summary>A change to <see cref="PreExportRouteCount"/> not yet folded (see <see cref="PreExportCountDelta"/>).</summary>
public sealed class PreExportRouteDelta
{
    public long Id { get; init; }
    public int DispatchYear { get; init; }
    public required string ImportingCountry { get; init; }
    public required string ExportingCountry { get; init; }
    public required string SubstanceCode { get; init; }
    public int Lines { get; init; }
}

/// <summary>
/// The statistics counters of pre-export notifications (ADR 35). Every save that adds, changes or removes a notification (or a
/// line) adds deltas — minus the old contribution, plus the new — to the same save, whatever service made the change
/// (<see cref="Interceptor"/>); <see cref="FoldAsync"/> moves them into the counters in one statement. Readers add the
/// counters and the pending deltas in one statement, so the figures equal a recount of the notifications at every moment.
/// </summary>
public static class PreExportCounts
{
    /// <summary>Adds the deltas of the pending notification changes to the context (idempotent: unsaved deltas are rebuilt).</summary>
    public static void Track(CordonDbContext db)
    {
        var tracker = db.ChangeTracker;
        var auto = tracker.AutoDetectChangesEnabled;
        if (auto) tracker.DetectChanges();
        tracker.AutoDetectChangesEnabled = false; // detected once above, not again on every enumeration below
        try
        {
            // Deltas of an earlier save attempt that failed are rebuilt from the current state, never counted twice.
            foreach (var stale in tracker.Entries<PreExportCountDelta>().Where(e => e.State == EntityState.Added).ToList()) stale.State = EntityState.Detached;
            foreach (var stale in tracker.Entries<PreExportRouteDelta>().Where(e => e.State == EntityState.Added).ToList()) stale.State = EntityState.Detached;
            var lines = tracker.Entries<PreExportLine>().Where(e => e.State is EntityState.Added or EntityState.Deleted).ToList();
            var notifications = tracker.Entries<PreExportNotification>().ToList();
            foreach (var e in notifications)
            {
                switch (e.State)
                {
                    case EntityState.Added:
                        Count(db, e, original: false, sign: +1);
                        break;
                    case EntityState.Deleted:
                        // The database deletes the lines with the notification: they must be tracked to be counted out.
                        if (!e.Collection(x => x.Lines).IsLoaded) throw new InvalidOperationException("Load a notification's lines before removing it (statistics counters).");
                        Count(db, e, original: true, sign: -1);
                        break;
                    case EntityState.Modified:
                        if (CountedValuesChanged(e))
                        {
                            Count(db, e, original: true, sign: -1);
                            Count(db, e, original: false, sign: +1);
                        }
                        // A dispatch date moved to another year moves the notification's unchanged lines with it.
                        var before = (DateOnly)e.Property(x => x.DispatchDate).OriginalValue!;
                        if (before.Year != e.Entity.DispatchDate.Year)
                        {
                            if (!e.Collection(x => x.Lines).IsLoaded) throw new InvalidOperationException("Load a notification's lines before changing its dispatch year (statistics counters).");
                            foreach (var l in e.Entity.Lines.Where(l => db.Entry(l).State == EntityState.Unchanged))
                            {
                                Route(db, before.Year, e.Entity, l.SubstanceCode, -1);
                                Route(db, e.Entity.DispatchDate.Year, e.Entity, l.SubstanceCode, +1);
                            }
                        }
                        break;
                }
            }
            foreach (var e in lines)
            {
                var parent = notifications.FirstOrDefault(x => x.Entity.Id == e.Entity.NotificationId)
                    ?? throw new InvalidOperationException("A notification line is added or removed with its notification tracked (statistics counters).");
                // A removed line counts out of the year it was counted in; an added one into the current dispatch year.
                var dispatch = e.State == EntityState.Deleted && parent.State != EntityState.Added
                    ? (DateOnly)parent.Property(x => x.DispatchDate).OriginalValue! : parent.Entity.DispatchDate;
                Route(db, dispatch.Year, parent.Entity, e.Entity.SubstanceCode, e.State == EntityState.Deleted ? -1 : +1);
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = auto;
        }
    }

    // Status, mark (none or not) and response time are what the counters count; other columns change without deltas.
    private static bool CountedValuesChanged(EntityEntry<PreExportNotification> e) =>
        (PreExportStatus)e.Property(x => x.Status).OriginalValue! != e.Entity.Status
        || ((PreExportMark)e.Property(x => x.Mark).OriginalValue! != PreExportMark.None) != (e.Entity.Mark != PreExportMark.None)
        || (long?)e.Property(x => x.ResponseSeconds).OriginalValue != e.Entity.ResponseSeconds;

    private static void Count(CordonDbContext db, EntityEntry<PreExportNotification> e, bool original, int sign)
    {
        var n = e.Entity;
        var status = original ? (PreExportStatus)e.Property(x => x.Status).OriginalValue! : n.Status;
        var mark = original ? (PreExportMark)e.Property(x => x.Mark).OriginalValue! : n.Mark;
        var seconds = original ? (long?)e.Property(x => x.ResponseSeconds).OriginalValue : n.ResponseSeconds;
        // Year and the two countries never change after filing (init-only).
        db.Add(new PreExportCountDelta
        {
            Year = n.Year, ExportingCountry = n.ExportingCountry, ImportingCountry = n.ImportingCountry, Status = status, Marked = mark != PreExportMark.None,
            Notifications = sign, ResponseSeconds = sign * (seconds ?? 0), Timed = seconds is null ? 0 : sign,
        });
    }

    private static void Route(CordonDbContext db, int dispatchYear, PreExportNotification n, string substance, int sign) =>
        db.Add(new PreExportRouteDelta { DispatchYear = dispatchYear, ExportingCountry = n.ExportingCountry, ImportingCountry = n.ImportingCountry, SubstanceCode = substance, Lines = sign });

    /// <summary>Adds the deltas to every save of the context (registered with the database; see CordonDatabase).</summary>
    public sealed class Interceptor : SaveChangesInterceptor
    {
        public static readonly Interceptor Instance = new();

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            if (eventData.Context is CordonDbContext db) Track(db);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is CordonDbContext db) Track(db);
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Moves up to <see cref="CounterDeltas.FoldBatch"/> pending deltas of each kind into the counters; returns how many were moved.</summary>
    public static async Task<int> FoldAsync(CordonDbContext db, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var moved = await CounterDeltas.MoveAsync(db, "PreExportCountDeltas", PartyUpsert, ct)
            + await CounterDeltas.MoveAsync(db, "PreExportRouteDeltas", RouteUpsert, ct);
        await tx.CommitAsync(ct);
        return moved;
    }

    /// <summary>Folds until no delta is left (a backlog larger than one batch).</summary>
    public static Task<int> FoldAllAsync(CordonDbContext db, CancellationToken ct = default) => CounterDeltas.FoldAllAsync(db, FoldAsync, ct);

    // The deltas of a source expanded to the three sides and added up per counter row (a row may occur once per statement).
    // SQLite needs the WHERE to parse INSERT … SELECT … ON CONFLICT.
    private static string PartyUpsert(string source) => $"""
        INSERT INTO "PreExportPartyCounts" ("Year", "Role", "PartyCode", "Status", "Marked", "Notifications", "ResponseSeconds", "Timed")
        SELECT "Year", "Role", "PartyCode", "Status", "Marked", SUM("Notifications"), SUM("ResponseSeconds"), SUM("Timed") FROM (
          SELECT "Year", 0 AS "Role", "ExportingCountry" AS "PartyCode", "Status", "Marked", "Notifications", "ResponseSeconds", "Timed" FROM {source} AS d0
          UNION ALL SELECT "Year", 1, "ImportingCountry", "Status", "Marked", "Notifications", "ResponseSeconds", "Timed" FROM {source} AS d1
          UNION ALL SELECT "Year", 2, '', "Status", "Marked", "Notifications", "ResponseSeconds", "Timed" FROM {source} AS d2
        ) AS e WHERE 1 = 1
        GROUP BY "Year", "Role", "PartyCode", "Status", "Marked"
        ON CONFLICT ("Year", "Role", "PartyCode", "Status", "Marked") DO UPDATE SET
          "Notifications" = "PreExportPartyCounts"."Notifications" + excluded."Notifications",
          "ResponseSeconds" = "PreExportPartyCounts"."ResponseSeconds" + excluded."ResponseSeconds",
          "Timed" = "PreExportPartyCounts"."Timed" + excluded."Timed"
        """;

    private static string RouteUpsert(string source) => $"""
        INSERT INTO "PreExportRouteCounts" ("DispatchYear", "ImportingCountry", "ExportingCountry", "SubstanceCode", "Lines")
        SELECT "DispatchYear", "ImportingCountry", "ExportingCountry", "SubstanceCode", SUM("Lines") FROM {source} AS e WHERE 1 = 1
        GROUP BY "DispatchYear", "ImportingCountry", "ExportingCountry", "SubstanceCode"
        ON CONFLICT ("DispatchYear", "ImportingCountry", "ExportingCountry", "SubstanceCode") DO UPDATE SET
          "Lines" = "PreExportRouteCounts"."Lines" + excluded."Lines"
        """;

    /// <summary>
    /// Recounts everything from the notifications (after rows were loaded without the context, e.g. by COPY): counters replaced,
    /// pending deltas dropped. The migration runs the same SQL.
    /// </summary>
    public static async Task RebuildAsync(CordonDbContext db, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        foreach (var sql in RebuildSql(db.IsSqlite)) await db.Database.ExecuteSqlRawAsync(sql, ct);
        await tx.CommitAsync(ct);
    }

    public static IReadOnlyList<string> RebuildSql(bool sqlite)
    {
        var dispatchYear = sqlite ? "CAST(substr(n.\"DispatchDate\", 1, 4) AS INTEGER)" : "CAST(EXTRACT(YEAR FROM n.\"DispatchDate\") AS INTEGER)";
        var source = """
            (SELECT "Year", "ExportingCountry", "ImportingCountry", "Status", "Mark" <> 'None' AS "Marked", 1 AS "Notifications",
                    COALESCE("ResponseSeconds", 0) AS "ResponseSeconds", CASE WHEN "ResponseSeconds" IS NULL THEN 0 ELSE 1 END AS "Timed"
             FROM "PreExportNotifications")
            """;
        return
        [
            "DELETE FROM \"PreExportCountDeltas\"",
            "DELETE FROM \"PreExportRouteDeltas\"",
            "DELETE FROM \"PreExportPartyCounts\"",
            "DELETE FROM \"PreExportRouteCounts\"",
            PartyUpsert(source),
            RouteUpsert($"""
                (SELECT {dispatchYear} AS "DispatchYear", n."ImportingCountry", n."ExportingCountry", l."SubstanceCode", 1 AS "Lines"
                 FROM "PreExportLines" AS l JOIN "PreExportNotifications" AS n ON n."Id" = l."NotificationId")
                """),
        ];
    }
}
