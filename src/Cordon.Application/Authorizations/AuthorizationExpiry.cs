using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Application.Notifications;
using Cordon.Domain.Authorizations;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Authorizations;

/// <summary>
/// The scheduled expiry of authorizations: one in force (issued, transmitted, amended) whose last day of validity has
/// passed is stored as Expired, audited, and told to the other Party through the exchange (feed, webhooks, live
/// notification). For an export authorization not yet endorsed the importing authority is reminded that the endorsement
/// is due (1961 Convention, art. 31(7): when the shipment arrives or the validity ends). Readers already see Expired from
/// the day after validity (<see cref="AuthorizationLifecycle.Effective"/>); this makes it a recorded, notified event.
/// </summary>
public sealed class AuthorizationExpiry(CordonDbContext db, AuditLog audit, PartyExchange exchange, Notifier notifier, TimeProvider clock)
{
    public sealed record RunResult(int Expired, int EndorsementsDue);

    private const int Batch = 200;

    public async Task<RunResult> RunAsync(CancellationToken ct = default)
    {
        var expired = 0;
        var due = 0;
        while (!ct.IsCancellationRequested)
        {
            var (e, d) = await RunBatchAsync(ct);
            expired += e;
            due += d;
            if (e < Batch) break;
        }
        return new RunResult(expired, due);
    }

    private async Task<(int Expired, int Due)> RunBatchAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var tx = await db.BeginWriteAsync(ct);
        // The writers that change authorizations queue on this lock: read the statuses only once it is held, so a run on
        // another node (after a lease takeover) or a concurrent cancellation never expires the same authorization twice.
        await db.AcquireLockAsync(AuthorizationService.ModuleLock, ct: ct);
        var rows = await db.Authorizations
            .Where(a => (a.Status == AuthorizationStatus.Issued || a.Status == AuthorizationStatus.Transmitted || a.Status == AuthorizationStatus.Amended) && a.ValidUntil < today)
            .OrderBy(a => a.ValidUntil).ThenBy(a => a.Id).Take(Batch).ToListAsync(ct);
        var joined = rows.Count == 0 ? [] : await db.Parties.AsNoTracking().Where(p => p.VerifiedAt != null).Select(p => p.Code).ToListAsync(ct);
        var endorsementsDue = 0;
        foreach (var a in rows)
        {
            if (!AuthorizationLifecycle.IsDueToExpire(a.Status, a.ValidUntil, today)) continue;
            a.Status = AuthorizationStatus.Expired;
            a.Version++;
            await audit.RecordAsync("authorization.expired", AuthorizationService.RecordType, a.Id.ToString(),
                new { a.Id, a.Kind, a.Number, a.IssuingCountry, a.ImportingCountry, a.ExportingCountry, a.ValidUntil, a.Status, a.Version },
                $"{a.Kind} {a.Number}: validity ended {a.ValidUntil:yyyy-MM-dd}", [a.ImportingCountry, a.ExportingCountry], ct);
            var other = a.ImportingCountry == a.RecordedBy ? a.ExportingCountry : a.ImportingCountry;
            string[] args = [a.Kind.ToString(), a.Number, a.IssuingCountry, a.ValidUntil.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)];
            if (!a.Paper && joined.Contains(other))
                await exchange.SendAsync(new Dispatch(AuthorizationService.Module, AuthorizationService.RecordType, a.Id.ToString(), a.RecordedBy, [other],
                    SecretariatCopy: false, "expired", "Notification.AuthorizationExpired", args, AuthorizationService.Link(a.Id)), ct);
            await notifier.NotifyPartiesAsync([a.RecordedBy], "Authorizations.View", "Notification.AuthorizationExpired", args, AuthorizationService.Link(a.Id),
                includeSecretariat: false, email: false, ct);
            if (a.Kind != AuthorizationKind.Import && a.QuantityImported is null)
            {
                endorsementsDue++;
                await notifier.NotifyPartiesAsync([a.ImportingCountry], "Authorizations.Submit", "Notification.EndorsementDue", [a.Number, a.ExportingCountry],
                    AuthorizationService.Link(a.Id), includeSecretariat: false, email: true, ct);
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (rows.Count, endorsementsDue);
    }
}
