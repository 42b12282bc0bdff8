using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Cordon.Domain.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Incidents;

/// <summary>Comments, requests for assistance and links between incidents.</summary>
public sealed class IncidentFollowUp(CordonDbContext db, IncidentQueries queries, AuditLog audit, PartyExchange exchange, ICurrentActor actor, TimeProvider clock)
{
    public async Task<Outcome<IncidentComment>> CommentAsync(Guid incidentId, string? text, bool requestsAssistance, CancellationToken ct = default)
    {
        var incident = await queries.FindAsync(incidentId, ct);
        if (incident is null) return Outcome<IncidentComment>.NotFound("No such incident.");
        if (string.IsNullOrWhiteSpace(text)) return Outcome<IncidentComment>.Invalid("Write a comment.", new Dictionary<string, string[]> { ["text"] = ["Write a comment."] });
        if (text.Length > 8000) return Outcome<IncidentComment>.Invalid("The comment is too long (8,000 characters at most).", new Dictionary<string, string[]> { ["text"] = ["The comment is too long (8,000 characters at most)."] });
        var author = actor.UserId is { } uid ? await db.Users.AsNoTracking().Where(u => u.Id == uid).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
        var comment = new IncidentComment
        {
            IncidentId = incidentId, AuthorUserId = actor.UserId ?? Guid.Empty, AuthorName = author ?? actor.UserName ?? "?", PartyCode = actor.PartyCode,
            Text = text.Trim(), RequestsAssistance = requestsAssistance, CreatedAt = clock.GetUtcNow(),
        };
        await using var tx = await db.BeginWriteAsync(ct);
        db.IncidentComments.Add(comment);
        await db.SaveChangesAsync(ct);
        var parties = incident.NamedParties.Select(p => p.PartyCode).Append(incident.ReporterPartyCode).Distinct().ToList();
        await audit.RecordAsync(requestsAssistance ? "incident.assistance-requested" : "incident.commented", "Incident", incidentId.ToString(),
            new { comment.Id, comment.IncidentId, comment.Text, comment.RequestsAssistance }, null, parties, ct);
        await exchange.SendAsync(new Dispatch("Incidents", "Incident", incidentId.ToString(), actor.PartyCode ?? "", parties, SecretariatCopy: false,
            requestsAssistance ? "assistance-requested" : "commented",
            requestsAssistance ? "Notification.IncidentAssistance" : "Notification.IncidentComment",
            [actor.PartyCode ?? "Secretariat", ReportIncident.Abridge(incident.Summary)], $"/Incidents/Details?id={incidentId}"), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<IncidentComment>.Ok(comment);
    }

    public async Task<Outcome<IncidentLink>> LinkAsync(Guid fromId, Guid toId, LinkReason reason, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(reason)) return Outcome<IncidentLink>.Invalid("Choose why the incidents are linked.");
        if (fromId == toId) return Outcome<IncidentLink>.Invalid("An incident cannot be linked to itself.");
        var from = await queries.FindAsync(fromId, ct);
        var to = await queries.FindAsync(toId, ct);
        if (from is null || to is null) return Outcome<IncidentLink>.NotFound("No such incident.");
        if (await db.IncidentLinks.AnyAsync(l => (l.FromIncidentId == fromId && l.ToIncidentId == toId) || (l.FromIncidentId == toId && l.ToIncidentId == fromId), ct))
            return Outcome<IncidentLink>.Conflict("The incidents are already linked.");
        var link = new IncidentLink { FromIncidentId = fromId, ToIncidentId = toId, Reason = reason, CreatedBy = actor.UserId ?? Guid.Empty, CreatedAt = clock.GetUtcNow() };
        await using var tx = await db.BeginWriteAsync(ct);
        db.IncidentLinks.Add(link);
        await audit.RecordAsync("incident.linked", "Incident", fromId.ToString(), new { fromId, toId, reason }, $"{toId} {reason}", [from.ReporterPartyCode, to.ReporterPartyCode], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<IncidentLink>.Ok(link);
    }
}

/// <summary>Follows (substance, country, company), saved searches and drafts of the signed-in user.</summary>
public sealed class IncidentFollowing(CordonDbContext db, AuditLog audit, ICurrentActor actor, TimeProvider clock)
{
    public async Task<IReadOnlyList<IncidentFollow>> FollowsAsync(CancellationToken ct = default) =>
        actor.UserId is { } me ? await db.IncidentFollows.AsNoTracking().Where(f => f.UserId == me).OrderBy(f => f.Kind).ThenBy(f => f.Value).ToListAsync(ct) : [];

    public async Task<Outcome<IncidentFollow>> FollowAsync(FollowKind kind, string? value, CancellationToken ct = default)
    {
        if (actor.UserId is not { } me) return Outcome<IncidentFollow>.Forbidden("Only a person can follow.");
        if (!Enum.IsDefined(kind)) return Outcome<IncidentFollow>.Invalid("Choose what to follow.");
        var v = (value ?? "").Trim();
        switch (kind)
        {
            case FollowKind.Substance:
                if (!await db.Substances.AnyAsync(s => s.Code == v, ct)) return Outcome<IncidentFollow>.Invalid("Choose a substance of the reference lists.", new Dictionary<string, string[]> { ["value"] = ["Choose a substance of the reference lists."] });
                break;
            case FollowKind.Country:
                v = v.ToUpperInvariant();
                if (!await db.Countries.AnyAsync(c => c.Alpha2 == v, ct)) return Outcome<IncidentFollow>.Invalid("Use ISO 3166-1 alpha-2 country codes, e.g. IN.", new Dictionary<string, string[]> { ["value"] = ["Use ISO 3166-1 alpha-2 country codes, e.g. IN."] });
                break;
            default:
                v = Companies.Normalize(v);
                if (v.Length is 0 or > 300) return Outcome<IncidentFollow>.Invalid("Enter the company name.", new Dictionary<string, string[]> { ["value"] = ["Enter the company name."] });
                break;
        }
        var existing = await db.IncidentFollows.FirstOrDefaultAsync(f => f.UserId == me && f.Kind == kind && f.Value == v, ct);
        if (existing is not null) return Outcome<IncidentFollow>.Ok(existing);
        var follow = new IncidentFollow { UserId = me, PartyCode = actor.PartyCode, Kind = kind, Value = v, CreatedAt = clock.GetUtcNow() };
        await using var tx = await db.BeginWriteAsync(ct);
        db.IncidentFollows.Add(follow);
        await audit.RecordAsync("incident.followed", "IncidentFollow", $"{kind}:{v}", null, $"{kind} {v}", null, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<IncidentFollow>.Ok(follow);
    }

    public async Task<bool> UnfollowAsync(long id, CancellationToken ct = default)
    {
        var follow = await db.IncidentFollows.FirstOrDefaultAsync(f => f.Id == id && f.UserId == actor.UserId, ct);
        if (follow is null) return false;
        await using var tx = await db.BeginWriteAsync(ct);
        db.IncidentFollows.Remove(follow);
        await audit.RecordAsync("incident.unfollowed", "IncidentFollow", $"{follow.Kind}:{follow.Value}", null, null, null, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<IncidentSavedSearch>> SavedSearchesAsync(CancellationToken ct = default) =>
        actor.UserId is { } me ? await db.IncidentSavedSearches.AsNoTracking().Where(s => s.UserId == me).OrderBy(s => s.Name).ToListAsync(ct) : [];

    public async Task<Outcome<IncidentSavedSearch>> SaveSearchAsync(string? name, IncidentCriteria criteria, CancellationToken ct = default)
    {
        if (actor.UserId is not { } me) return Outcome<IncidentSavedSearch>.Forbidden("Only a person can save searches.");
        if (criteria.IsEmpty) return Outcome<IncidentSavedSearch>.Invalid("Search for something before saving the search.");
        var n = string.IsNullOrWhiteSpace(name) ? criteria.ToQueryString() : name.Trim();
        if (n.Length > 200) n = n[..200];
        if (await db.IncidentSavedSearches.CountAsync(s => s.UserId == me, ct) >= 50) return Outcome<IncidentSavedSearch>.Invalid("You have 50 saved searches; delete one first.");
        var saved = new IncidentSavedSearch
        {
            UserId = me, PartyCode = actor.PartyCode, Name = n, Query = criteria.ToQueryString(), MatchKey = SavedSearchKeys.For(criteria), CreatedAt = clock.GetUtcNow(),
        };
        await using var tx = await db.BeginWriteAsync(ct);
        db.IncidentSavedSearches.Add(saved);
        await audit.RecordAsync("incident.search-saved", "IncidentSavedSearch", n, null, saved.Query, null, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<IncidentSavedSearch>.Ok(saved);
    }

    public async Task<bool> DeleteSearchAsync(long id, CancellationToken ct = default)
    {
        var saved = await db.IncidentSavedSearches.FirstOrDefaultAsync(s => s.Id == id && s.UserId == actor.UserId, ct);
        if (saved is null) return false;
        await using var tx = await db.BeginWriteAsync(ct);
        db.IncidentSavedSearches.Remove(saved);
        await audit.RecordAsync("incident.search-deleted", "IncidentSavedSearch", saved.Name, null, null, null, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<IncidentDraft?> DraftAsync(CancellationToken ct = default) =>
        actor.UserId is { } me ? await db.IncidentDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.UserId == me, ct) : null;

    /// <summary>Saves the report form as typed (not audited: a draft is private and overwritten every few seconds).</summary>
    public async Task<bool> SaveDraftAsync(string content, CancellationToken ct = default)
    {
        if (actor.UserId is not { } me || content.Length > 64000) return false;
        await using var tx = await db.BeginWriteAsync(ct);
        var draft = await db.IncidentDrafts.FirstOrDefaultAsync(d => d.UserId == me, ct);
        if (draft is null) db.IncidentDrafts.Add(new IncidentDraft { UserId = me, Content = content, SavedAt = clock.GetUtcNow() });
        else { draft.Content = content; draft.SavedAt = clock.GetUtcNow(); }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task DiscardDraftAsync(CancellationToken ct = default)
    {
        if (actor.UserId is not { } me) return;
        await db.IncidentDrafts.Where(d => d.UserId == me).ExecuteDeleteAsync(ct);
    }
}
