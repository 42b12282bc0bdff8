using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Cordon.Domain.Traceability;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Cordon.Benchmarks.Traceability;

/// <summary>
/// Generates the Traceability statistics database on PostgreSQL once (kept between runs): 50 Parties members of the
/// module (two of them left), 20 users per Party holding Traceability.View (four in five with registered keys), and
/// 1,000,000 messages in chains over five years (2021–2025) as the real service stores them: a request, a reply for
/// about 80 % of chains (after 1 hour to 20 days), follow-ups and further replies; small random ciphertext and signature
/// placeholders; about 90 % of messages read and 75 % actioned. Parties are weighted (the busiest sends ten times as much
/// as the quietest). Loaded with binary COPY. Connection: CORDON_BENCH_POSTGRES (default: the local cordon server), database CORDON_BENCH_TRACEABILITY_DB
/// (default cordon_bench_traceability).
/// </summary>
public static class TraceabilityData
{
    public const int Parties = 50, UsersPerParty = 20, Messages = 1_000_000;
    public static readonly DateTimeOffset Start = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset End = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Connection =>
        (Environment.GetEnvironmentVariable("CORDON_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=cordon;Password=cordon") + ";Database=" + (Environment.GetEnvironmentVariable("CORDON_BENCH_TRACEABILITY_DB") ?? "cordon_bench_traceability");

    public static string PartyCode(int i) => string.Concat((char)('A' + i / 26), (char)('A' + i % 26));

    public static CordonDbContext Context() =>
        new(new DbContextOptionsBuilder<CordonDbContext>().UseNpgsql(Connection, o => o.MigrationsAssembly("Cordon.Postgres")).Options);

    public static async Task EnsureAsync()
    {
        await using (var db = Context())
        {
            db.Database.SetCommandTimeout(600); // the Traceability2 migration counts the existing messages
            await db.Database.MigrateAsync();
            if (await db.TraceabilityMessages.CountAsync() >= Messages) return;
        }
        await using var conn = new NpgsqlConnection(Connection);
        await conn.OpenAsync();
        foreach (var table in new[] { "TraceabilityMessages", "TraceabilityChains", "TraceabilityUserKeys", "ModuleGrants", "PartyModuleMemberships" })
            await new NpgsqlCommand($"TRUNCATE \"{table}\" CASCADE", conn).ExecuteNonQueryAsync();
        await new NpgsqlCommand("DELETE FROM \"AspNetUsers\" WHERE \"DisplayName\" LIKE 'Bench %'; DELETE FROM \"Parties\"", conn).ExecuteNonQueryAsync();

        var random = new Random(42);
        var users = new Guid[Parties, UsersPerParty];
        var keys = new Guid[Parties, UsersPerParty];
        await using (var db = Context())
        {
            for (var p = 0; p < Parties; p++)
            {
                var code = PartyCode(p);
                db.Parties.Add(new Party { Code = code, CreatedAt = Start.AddDays(-30), VerifiedAt = Start.AddDays(-20) });
                db.PartyModuleMemberships.Add(new PartyModuleMembership
                {
                    PartyCode = code, Module = CordonModule.Traceability, JoinedAt = Start.AddDays(p * 7),
                    LeftAt = p >= Parties - 2 ? Start.AddYears(4) : null,
                });
                for (var u = 0; u < UsersPerParty; u++)
                {
                    var id = Guid.NewGuid();
                    users[p, u] = id;
                    keys[p, u] = Guid.NewGuid();
                    var name = $"bench.{code}.{u}".ToLowerInvariant();
                    db.Users.Add(new CordonUser
                    {
                        Id = id, UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = name + "@example.org", NormalizedEmail = (name + "@example.org").ToUpperInvariant(),
                        SecurityStamp = Guid.NewGuid().ToString(), PartyCode = code, DisplayName = $"Bench {code} {u}", CreatedAt = Start,
                        RemovedAt = u == UsersPerParty - 1 ? Start.AddYears(2) : null,
                    });
                    db.ModuleGrants.Add(new ModuleGrant { UserId = id, Module = CordonModule.Traceability, Right = ModuleRight.View, GrantedBy = Guid.Empty, GrantedAt = Start });
                    if (u % 5 != 4)
                        db.TraceabilityUserKeys.Add(new TraceabilityUserKey
                        {
                            Id = keys[p, u], UserId = id, PartyCode = code, EncryptionPublicKey = Placeholder(random, 91), SigningPublicKey = Placeholder(random, 91),
                            Fingerprint = Placeholder(random, 32), WrappedPrivateKeys = Placeholder(random, 300), RegisteredAt = Start,
                        });
                }
            }
            await db.SaveChangesAsync();
        }

        // Party weights: 1..10, so traffic is uneven as in reality.
        var weights = Enumerable.Range(0, Parties).Select(p => 1 + p * 7 % 10).ToArray();
        var cumulative = new int[Parties];
        for (int p = 0, sum = 0; p < Parties; p++) cumulative[p] = sum += weights[p];
        int PickParty(int except)
        {
            while (true)
            {
                var r = random.Next(cumulative[^1]);
                var p = Array.BinarySearch(cumulative, r + 1);
                if (p < 0) p = ~p;
                if (p != except) return p;
            }
        }

        await using var chainConn = new NpgsqlConnection(Connection);
        await chainConn.OpenAsync();
        var span = (End - Start).TotalSeconds;
        await using (var chains = await chainConn.BeginBinaryImportAsync("COPY \"TraceabilityChains\" (\"Id\",\"RequestingParty\",\"RespondingParty\",\"State\",\"CreatedAt\",\"CreatedBy\",\"LastMessageAt\",\"FirstReplyAt\",\"ReplySeconds\",\"ClosedAt\",\"CurrentKeyVersion\",\"UimCount\",\"MessageCount\",\"Version\") FROM STDIN (FORMAT BINARY)"))
        await using (var messages = await conn.BeginBinaryImportAsync("COPY \"TraceabilityMessages\" (\"Id\",\"ChainId\",\"Sequence\",\"Kind\",\"SenderParty\",\"RecipientParty\",\"SenderUserId\",\"SenderKeyId\",\"KeyVersion\",\"Ciphertext\",\"Signature\",\"UimCount\",\"SentAt\",\"ReadAt\",\"ReadBy\",\"ActionedAt\",\"ActionedBy\",\"AttachmentCount\",\"AttachmentBytes\") FROM STDIN (FORMAT BINARY)"))
        {
            var written = 0;
            while (written < Messages)
            {
                var chainId = Guid.NewGuid();
                var requester = PickParty(-1);
                var responder = PickParty(requester);
                var createdAt = Start.AddSeconds(random.NextDouble() * span * 0.995);
                var requestUser = random.Next(UsersPerParty - 1);
                var at = createdAt;
                var sequence = 0;
                var uims = 0;
                DateTimeOffset? firstReply = null;

                // Request, then alternating replies and follow-ups: 20 % never answered, up to 6 messages in a chain.
                var length = random.NextDouble() < 0.2 ? 1 : 2 + (random.NextDouble() < 0.35 ? random.Next(1, 5) : 0);
                length = Math.Min(length, Messages - written);
                for (var i = 0; i < length; i++)
                {
                    var kind = i == 0 ? TraceabilityMessageKind.Request : i % 2 == 1 ? TraceabilityMessageKind.Reply : TraceabilityMessageKind.FollowUp;
                    if (i > 0) at = at.AddSeconds(3600 + random.NextDouble() * 20 * 86400);
                    if (at >= End) break;
                    var (from, to) = kind == TraceabilityMessageKind.Reply ? (responder, requester) : (requester, responder);
                    var uimCount = kind switch { TraceabilityMessageKind.Request => 1 + random.Next(random.NextDouble() < 0.05 ? 10_000 : 50), TraceabilityMessageKind.FollowUp => random.Next(6), _ => 0 };
                    if (kind != TraceabilityMessageKind.Reply) uims += uimCount;
                    if (kind == TraceabilityMessageKind.Reply && firstReply is null) firstReply = at;
                    var sender = kind == TraceabilityMessageKind.Reply ? random.Next(UsersPerParty - 1) : requestUser;
                    var reader = random.Next(UsersPerParty - 1);
                    var read = random.NextDouble() < 0.9;
                    var actioned = read && random.NextDouble() < 0.83;
                    await messages.StartRowAsync();
                    await messages.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                    await messages.WriteAsync(chainId, NpgsqlDbType.Uuid);
                    await messages.WriteAsync(++sequence);
                    await messages.WriteAsync((int)kind);
                    await messages.WriteAsync(PartyCode(from));
                    await messages.WriteAsync(PartyCode(to));
                    await messages.WriteAsync(users[from, sender], NpgsqlDbType.Uuid);
                    await messages.WriteAsync(keys[from, sender], NpgsqlDbType.Uuid);
                    await messages.WriteAsync(1);
                    await messages.WriteAsync(Placeholder(random, 48 + random.Next(150)));
                    await messages.WriteAsync(Placeholder(random, 64));
                    await messages.WriteAsync(uimCount);
                    await messages.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    if (read)
                    {
                        await messages.WriteAsync(at.AddMinutes(5 + random.Next(3 * 1440)), NpgsqlDbType.TimestampTz);
                        await messages.WriteAsync(users[to, reader], NpgsqlDbType.Uuid);
                    }
                    else
                    {
                        await messages.WriteNullAsync();
                        await messages.WriteNullAsync();
                    }
                    if (actioned)
                    {
                        await messages.WriteAsync(at.AddMinutes(4 * 1440 + random.Next(10 * 1440)), NpgsqlDbType.TimestampTz);
                        await messages.WriteAsync(users[to, reader], NpgsqlDbType.Uuid);
                    }
                    else
                    {
                        await messages.WriteNullAsync();
                        await messages.WriteNullAsync();
                    }
                    await messages.WriteAsync(0);
                    await messages.WriteAsync(0L);
                    written++;
                }

                var closed = firstReply is not null && random.NextDouble() < 0.6 ? at.AddDays(1) : (DateTimeOffset?)null;
                var state = closed is not null && closed < End ? ChainState.Closed : firstReply is not null ? ChainState.Answered : ChainState.Open;
                await chains.StartRowAsync();
                await chains.WriteAsync(chainId, NpgsqlDbType.Uuid);
                await chains.WriteAsync(PartyCode(requester));
                await chains.WriteAsync(PartyCode(responder));
                await chains.WriteAsync(state.ToString());
                await chains.WriteAsync(createdAt, NpgsqlDbType.TimestampTz);
                await chains.WriteAsync(users[requester, requestUser], NpgsqlDbType.Uuid);
                await chains.WriteAsync(at, NpgsqlDbType.TimestampTz);
                if (firstReply is { } fr)
                {
                    await chains.WriteAsync(fr, NpgsqlDbType.TimestampTz);
                    await chains.WriteAsync((long)(fr - createdAt).TotalSeconds);
                }
                else
                {
                    await chains.WriteNullAsync();
                    await chains.WriteNullAsync();
                }
                if (state == ChainState.Closed) await chains.WriteAsync(closed!.Value, NpgsqlDbType.TimestampTz);
                else await chains.WriteNullAsync();
                await chains.WriteAsync(1);
                await chains.WriteAsync(uims);
                await chains.WriteAsync(sequence);
                await chains.WriteAsync((long)sequence);
            }
            await messages.CompleteAsync();
            await chains.CompleteAsync();
        }
        // Rows loaded by COPY bypass the service: compute the per-month counters (ADR 27) as the migration does.
        await using (var db = Context())
        {
            db.Database.SetCommandTimeout(600);
            await Cordon.Application.Traceability.TraceabilityCounters.RebuildAsync(db);
        }
        await new NpgsqlCommand("VACUUM ANALYZE", conn).ExecuteNonQueryAsync();
    }

    private static string Placeholder(Random random, int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToBase64String(buffer);
    }

    /// <summary>The Secretariat, which reads the statistics.</summary>
    public sealed class SecretariatActor : ICurrentActor
    {
        public Guid? UserId => null;
        public string? UserName => "bench";
        public Guid? AuthorityId => null;
        public string? PartyCode => null;
        public string? IpAddress => null;
        public bool IsSecretariat => true;
        public bool IsInRole(string role) => false;
    }
}
