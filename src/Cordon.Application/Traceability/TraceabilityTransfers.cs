using System.Security.Cryptography;
using System.Text;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Domain.Identity;
using Cordon.Domain.Traceability;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Traceability;

public sealed record TransferInput(Guid? Id, Guid? ChainId, Guid? RequestMessageId, string? Direction, int? Generation, string? WrappedKey, string? Preview,
    string? PreviewSignature, int? UimCount);

public sealed record ApprovalInput(string? PreviewDigest, string? Signature);

public sealed record TransferDoneInput(Guid? ResultMessageId);

/// <summary>A transfer as the Party's users and its connector see it: the sealed preview, its digest and the decision.</summary>
public sealed record TransferView(Guid Id, string Party, Guid ChainId, Guid RequestMessageId, string Direction, string State, DateTimeOffset ProposedAt,
    Guid ProposedBy, string ProposerName, string? ProposerSigningPublicKey, string? ProposerFingerprint, int Generation, string WrappedKey, string Preview,
    string PreviewSignature, string PreviewDigest, int UimCount, DateTimeOffset? DecidedAt, string? DecidedByName, string? ApproverSigningPublicKey,
    string? ApproverFingerprint, string? ApprovalSignature, DateTimeOffset? DoneAt, Guid? ResultMessageId, long Version);

/// <summary>
/// Approval of what a Party's connector sends (ADR 26): the connector proposes each transfer — a request's query to the
/// national track-and-trace system, or the reply built from its answer — as a preview sealed to the Party's own key; an
/// authorized person of the Party decrypts it on their side, reads it, and signs its digest. The server keeps the ciphertext,
/// the digest and who decided when (audited, metadata only); the connector acts only on an approval whose signature and
/// digest it has checked itself.
/// </summary>
public sealed class TraceabilityTransfers(CordonDbContext db, ICurrentActor actor, AuditLog audit, Notifier notifier, TraceabilityKeys keys, TimeProvider clock)
{
    public const string TransferRecord = "ConnectorTransfer";
    public const int MaxPreviewChars = TraceabilityChains.MaxCiphertextChars;

    private IQueryable<ConnectorTransfer> Mine() =>
        actor.PartyCode is { } party ? db.ConnectorTransfers.Where(t => t.PartyCode == party) : db.ConnectorTransfers.Where(_ => false);

    public async Task<List<TransferView>> ListAsync(string? state, Guid? chainId, Guid? messageId, CancellationToken ct = default)
    {
        var q = Mine().AsNoTracking();
        if (state is { Length: > 0 } && Enum.TryParse<TransferState>(state, true, out var s)) q = q.Where(t => t.State == s);
        if (chainId is { } c) q = q.Where(t => t.ChainId == c);
        if (messageId is { } m) q = q.Where(t => t.RequestMessageId == m);
        var rows = await q.OrderByDescending(t => t.ProposedAt).Take(500).ToListAsync(ct);
        return await ViewsAsync(rows, ct);
    }

    public async Task<TransferView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var t = await Mine().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return t is null ? null : (await ViewsAsync([t], ct))[0];
    }

    /// <summary>The connector proposes a transfer for a request its Party received.</summary>
    public async Task<Outcome<TransferView>> ProposeAsync(TransferInput input, CancellationToken ct = default)
    {
        if (actor.UserId is not { } proposer || actor.PartyCode is not { } party) return Outcome<TransferView>.Forbidden("Transfers are proposed by a Party's connector.");
        var errors = new Dictionary<string, string[]>();
        if (input.Id is not { } id || id == Guid.Empty) { errors["id"] = ["The transfer id chosen on your side (a GUID): it is bound into the preview's encryption."]; id = Guid.Empty; }
        if (input.ChainId is not { } chainId) { errors["chainId"] = ["The chain."]; chainId = Guid.Empty; }
        if (input.RequestMessageId is not { } messageId) { errors["requestMessageId"] = ["The request the transfer serves."]; messageId = Guid.Empty; }
        if (!Enum.TryParse<TransferDirection>(input.Direction, true, out var direction) || !Enum.IsDefined(direction)) errors["direction"] = ["query or reply."];
        if (input.Generation is not > 0) errors["generation"] = ["Your Party's key generation the preview key is sealed to."];
        if (!TraceabilityKeys.IsBlob(input.WrappedKey, 1000)) errors["wrappedKey"] = ["The preview key sealed to your Party's key."];
        if (!TraceabilityKeys.IsBlob(input.Preview, MaxPreviewChars)) errors["preview"] = [$"The encrypted preview (at most {MaxPreviewChars} characters)."];
        if (!TraceabilityKeys.IsBlob(input.PreviewSignature, 400)) errors["previewSignature"] = ["The connector's signature over the preview."];
        if (input.UimCount is not { } uims || uims < 0 || uims > TraceabilityChains.MaxUimsPerMessage) { errors["uimCount"] = ["The number of UIMs concerned."]; uims = 0; }
        if (errors.Count > 0) return Outcome<TransferView>.Invalid("The transfer is not valid.", errors);

        await using var tx = await db.BeginWriteAsync(ct);
        var message = await db.TraceabilityMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.ChainId == chainId, ct);
        if (message is null || message.RecipientParty != party) return Outcome<TransferView>.NotFound("No such request for your Party.");
        if (await keys.CurrentKeyAsync(proposer, ct) is not { } key) return Outcome<TransferView>.Forbidden("Set up the connector's keys first.");
        var current = await keys.CurrentGenerationAsync(party, ct);
        if (current is null || current.Number != input.Generation) return Outcome<TransferView>.Conflict($"Seal the preview to your Party's current key generation {current?.Number}.");
        if (await db.ConnectorTransfers.AnyAsync(t => t.Id == id, ct)) return Outcome<TransferView>.Conflict("This id is already used; choose a new id and encrypt again.");
        if (await db.ConnectorTransfers.AnyAsync(t => t.RequestMessageId == messageId && t.Direction == direction && t.State != TransferState.Rejected, ct))
            return Outcome<TransferView>.Conflict("This request already has such a transfer waiting or done.");
        var now = clock.GetUtcNow();
        var transfer = new ConnectorTransfer
        {
            Id = id, PartyCode = party, ChainId = chainId, RequestMessageId = messageId, Direction = direction, ProposedBy = proposer, ProposedAt = now,
            Generation = current.Number, WrappedKey = input.WrappedKey!, Preview = input.Preview!, PreviewSignature = input.PreviewSignature!,
            PreviewDigest = Digest(input.Preview!), ProposerKeyId = key.Id, UimCount = uims, State = TransferState.Pending, Version = 1,
        };
        db.ConnectorTransfers.Add(transfer);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("traceability.transfer-proposed", TransferRecord, id.ToString(),
            new { transfer.Id, transfer.ChainId, transfer.RequestMessageId, transfer.Direction, transfer.PreviewDigest, transfer.UimCount },
            $"{party} connector proposes a {Name(direction)} for {uims} UIM(s), waiting for approval", [party], ct);
        var approvers = await ApproversAsync(party, ct);
        await notifier.NotifyUsersAsync(approvers, "Notification.TraceabilityTransferToApprove", [Name(direction)], "/Traceability/Approvals", email: false, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<TransferView>.Ok((await GetAsync(id, ct))!);
    }

    /// <summary>An authorized person of the Party approves exactly the preview they decrypted (its digest, signed with their key).</summary>
    public Task<Outcome<TransferView>> ApproveAsync(Guid id, ApprovalInput input, long? expectedVersion, CancellationToken ct = default) =>
        DecideAsync(id, approve: true, input, expectedVersion, ct);

    public Task<Outcome<TransferView>> RejectAsync(Guid id, long? expectedVersion, CancellationToken ct = default) =>
        DecideAsync(id, approve: false, null, expectedVersion, ct);

    private async Task<Outcome<TransferView>> DecideAsync(Guid id, bool approve, ApprovalInput? input, long? expectedVersion, CancellationToken ct)
    {
        if (actor.UserId is not { } userId || actor.PartyCode is not { } party) return Outcome<TransferView>.Forbidden("Transfers are approved by people of the Party.");
        var errors = new Dictionary<string, string[]>();
        if (approve)
        {
            if (input?.PreviewDigest is not { Length: 64 }) errors["previewDigest"] = ["The SHA-256 (hex) of the preview you read."];
            if (!TraceabilityKeys.IsBlob(input?.Signature, 400)) errors["signature"] = ["Your signature over the transfer and the digest."];
        }
        if (errors.Count > 0) return Outcome<TransferView>.Invalid("The approval is not valid.", errors);
        await using var tx = await db.BeginWriteAsync(ct);
        var t = await Mine().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null) return Outcome<TransferView>.NotFound("No such transfer.");
        // A person, never the connector (or any system user) approving its own proposal.
        if (!await keys.ActiveMembers(party).ContainsAsync(userId, ct) || userId == t.ProposedBy)
            return Outcome<TransferView>.Forbidden("Transfers are approved by a person of the Party, not by the connector.");
        if (expectedVersion is { } v && v != t.Version) return Outcome<TransferView>.PreconditionFailed("The transfer changed since you read it.");
        if (t.State != TransferState.Pending) return Outcome<TransferView>.Conflict("The transfer has already been decided.");
        Guid? keyId = null;
        if (approve)
        {
            if (!string.Equals(input!.PreviewDigest, t.PreviewDigest, StringComparison.OrdinalIgnoreCase))
                return Outcome<TransferView>.Conflict("The preview you read is not the one waiting: reload and read it again.");
            if (await keys.CurrentKeyAsync(userId, ct) is not { } key) return Outcome<TransferView>.Forbidden("Set up your keys first: your approval is signed.");
            keyId = key.Id;
        }
        var now = clock.GetUtcNow();
        t.State = approve ? TransferState.Approved : TransferState.Rejected;
        t.DecidedAt = now;
        t.DecidedBy = userId;
        t.ApproverKeyId = keyId;
        t.ApprovalSignature = approve ? input!.Signature : null;
        t.Version++;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(approve ? "traceability.transfer-approved" : "traceability.transfer-rejected", TransferRecord, t.Id.ToString(),
            new { t.Id, t.ChainId, t.Direction, t.PreviewDigest, t.State, t.DecidedBy, t.ApproverKeyId },
            $"{actor.UserName} {(approve ? "approved" : "rejected")} the connector's {Name(t.Direction)} ({t.UimCount} UIM(s))", [party], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<TransferView>.Ok((await GetAsync(id, ct))!);
    }

    /// <summary>The connector reports an approved transfer carried out (for a reply: the message it sent).</summary>
    public async Task<Outcome<TransferView>> DoneAsync(Guid id, TransferDoneInput input, CancellationToken ct = default)
    {
        if (actor.UserId is not { } userId || actor.PartyCode is not { } party) return Outcome<TransferView>.Forbidden("Transfers are carried out by the Party's connector.");
        await using var tx = await db.BeginWriteAsync(ct);
        var t = await Mine().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null) return Outcome<TransferView>.NotFound("No such transfer.");
        if (t.ProposedBy != userId) return Outcome<TransferView>.Forbidden("Only the connector that proposed the transfer reports it done.");
        if (t.State != TransferState.Approved) return Outcome<TransferView>.Conflict("Only an approved transfer is carried out.");
        if (t.Direction == TransferDirection.Reply)
        {
            if (input.ResultMessageId is not { } mid || !await db.TraceabilityMessages.AnyAsync(m => m.Id == mid && m.ChainId == t.ChainId && m.SenderParty == party, ct))
                return Outcome<TransferView>.Invalid("Name the reply sent.", new Dictionary<string, string[]> { ["resultMessageId"] = ["The id of the reply your connector sent in the chain."] });
            t.ResultMessageId = mid;
        }
        t.State = TransferState.Done;
        t.DoneAt = clock.GetUtcNow();
        t.Version++;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("traceability.transfer-done", TransferRecord, t.Id.ToString(), new { t.Id, t.ChainId, t.Direction, t.PreviewDigest, t.ResultMessageId },
            $"{party} connector carried out the approved {Name(t.Direction)}", [party], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<TransferView>.Ok((await GetAsync(id, ct))!);
    }

    public static string Digest(string preview) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(preview)));

    private static string Name(TransferDirection d) => d == TransferDirection.Query ? "query to the national system" : "reply to the requesting Party";

    private async Task<List<Guid>> ApproversAsync(string party, CancellationToken ct) =>
        await db.Users.Where(u => keys.ActiveMembers(party).Contains(u.Id)
                && db.ModuleGrants.Any(g => g.UserId == u.Id && g.Module == CordonModule.Traceability && g.Right == ModuleRight.Approve && g.RevokedAt == null))
            .Select(u => u.Id).ToListAsync(ct);

    private async Task<List<TransferView>> ViewsAsync(List<ConnectorTransfer> rows, CancellationToken ct)
    {
        var keyIds = rows.Select(r => r.ProposerKeyId).Concat(rows.Where(r => r.ApproverKeyId != null).Select(r => r.ApproverKeyId!.Value)).Distinct().ToList();
        var userKeys = await db.TraceabilityUserKeys.AsNoTracking().Where(k => keyIds.Contains(k.Id)).ToDictionaryAsync(k => k.Id, ct);
        var people = rows.Where(r => r.DecidedBy != null).Select(r => r.DecidedBy!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var proposers = rows.Select(r => r.ProposedBy).Distinct().ToList();
        var clients = await db.ApiClients.AsNoTracking().Where(c => proposers.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => "api:" + c.Name, ct);
        return rows.Select(t =>
        {
            var proposerKey = userKeys.GetValueOrDefault(t.ProposerKeyId);
            var approverKey = t.ApproverKeyId is { } a ? userKeys.GetValueOrDefault(a) : null;
            return new TransferView(t.Id, t.PartyCode, t.ChainId, t.RequestMessageId, t.Direction.ToString().ToLowerInvariant(), t.State.ToString().ToLowerInvariant(), t.ProposedAt,
                t.ProposedBy, clients.GetValueOrDefault(t.ProposedBy, ""), proposerKey?.SigningPublicKey, proposerKey?.Fingerprint, t.Generation, t.WrappedKey, t.Preview,
                t.PreviewSignature, t.PreviewDigest, t.UimCount, t.DecidedAt, t.DecidedBy is { } d ? names.GetValueOrDefault(d) : null, approverKey?.SigningPublicKey,
                approverKey?.Fingerprint, t.ApprovalSignature, t.DoneAt, t.ResultMessageId, t.Version);
        }).ToList();
    }
}
