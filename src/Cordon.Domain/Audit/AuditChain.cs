using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cordon.Domain.Audit;

/// <summary>The pure rules of the audit hash chain: how an entry is hashed and how the chain is checked.</summary>
public static class AuditChain
{
    /// <summary>The hash that the first entry links to.</summary>
    public static readonly string GenesisHash = new('0', 64);

    public static DateTimeOffset NormalizeTimestamp(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    /// <summary>
    /// SHA-256 over every field, each length-prefixed so that no two different entries share an input.
    /// </summary>
    public static string ComputeHash(AuditEntry e)
    {
        var sb = new StringBuilder(512);
        void Add(string? v)
        {
            v ??= "\u2400"; // distinguishes null from empty
            sb.Append(v.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(v).Append('\n');
        }
        Add("cordon-audit-v1");
        Add(e.Sequence.ToString(CultureInfo.InvariantCulture));
        Add(FormatTimestamp(e.Timestamp));
        Add(e.Action);
        Add(e.EntityType);
        Add(e.EntityId);
        Add(e.UserId?.ToString("D"));
        Add(e.UserName);
        Add(e.AuthorityId?.ToString("D"));
        Add(e.PartyCode);
        Add(e.ConcernsParties);
        Add(e.IpAddress);
        Add(e.Details);
        Add(e.RecordHash);
        Add(e.PreviousHash);
        return Sha256Hex(sb.ToString());
    }

    /// <summary>Fills in sequence, link and hash of an entry that follows <paramref name="previous"/>.</summary>
    public static void Seal(AuditEntry entry, AuditEntry? previous)
    {
        entry.Sequence = (previous?.Sequence ?? 0) + 1;
        entry.PreviousHash = previous?.Hash ?? GenesisHash;
        entry.Timestamp = NormalizeTimestamp(entry.Timestamp);
        entry.Hash = ComputeHash(entry);
    }

    public static string FormatTimestamp(DateTimeOffset t) =>
        NormalizeTimestamp(t).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string CheckpointPayload(long sequence, string hash, DateTimeOffset createdAt) =>
        $"cordon-audit-checkpoint-v1\n{sequence.ToString(CultureInfo.InvariantCulture)}\n{hash}\n{FormatTimestamp(createdAt)}";

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
