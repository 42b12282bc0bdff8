using System.Globalization;
using Cordon.Application.Data;
using Cordon.Application.Notifications;
using Cordon.Domain.Identity;
using Cordon.Domain.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Monitoring;

/// <summary>
/// Reminds each Monitoring Party of a form and period it has not submitted, once, when the deadline is near
/// (<see cref="MonitoringSettings.ReminderDaysBefore"/>) or has passed within the last year.
/// </summary>
public sealed class MonitoringReminders(CordonDbContext db, Notifier notifier, MonitoringSettings settings, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var horizon = today.AddDays(settings.ReminderDaysBefore);
        var due = new List<(StatisticsForm Form, int Year, int Quarter, DateOnly Deadline)>();
        foreach (var year in new[] { today.Year - 1, today.Year })
            foreach (var form in Enum.GetValues<StatisticsForm>())
                foreach (var q in ReportingCalendar.Quarters(form))
                {
                    var deadline = ReportingCalendar.Deadline(form, year, Math.Max(1, q));
                    if (deadline <= horizon && deadline > today.AddYears(-1)) due.Add((form, year, q, deadline));
                }
        if (due.Count == 0) return 0;
        var years = due.Select(d => d.Year).Distinct().ToList();
        var parties = await db.PartyModuleMemberships.AsNoTracking().Where(m => m.Module == CordonModule.Monitoring && m.LeftAt == null)
            .Select(m => m.PartyCode).Distinct().ToListAsync(ct);
        var submitted = (await db.StatisticsSubmissions.AsNoTracking().Where(s => years.Contains(s.Year) && s.SubmittedAt != null)
            .Select(s => new { s.CountryCode, s.Form, s.Year, s.Quarter }).ToListAsync(ct)).Select(s => (s.CountryCode, s.Form, s.Year, s.Quarter)).ToHashSet();
        var sent = (await db.ReportingReminders.AsNoTracking().Where(r => years.Contains(r.Year))
            .Select(r => new { r.CountryCode, r.Form, r.Year, r.Quarter }).ToListAsync(ct)).Select(r => (r.CountryCode, r.Form, r.Year, r.Quarter)).ToHashSet();
        var count = 0;
        await using var tx = await db.BeginWriteAsync(ct);
        foreach (var party in parties)
            foreach (var (form, year, quarter, deadline) in due)
            {
                if (submitted.Contains((party, form, year, quarter)) || sent.Contains((party, form, year, quarter))) continue;
                db.ReportingReminders.Add(new ReportingReminder { CountryCode = party, Form = form, Year = year, Quarter = quarter, SentAt = now });
                await notifier.NotifyPartiesAsync([party], "Monitoring.Submit", deadline < today ? "Notification.MonitoringOverdue" : "Notification.MonitoringReminder",
                    [form.ToString(), SubmissionService.Period(year, quarter), deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], "/Monitoring",
                    includeSecretariat: false, email: true, ct);
                count++;
            }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return count;
    }
}
