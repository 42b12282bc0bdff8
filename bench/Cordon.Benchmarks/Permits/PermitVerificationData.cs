using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Documents;
using Cordon.Application.Identity;
using Cordon.Application.Permits;
using Cordon.Domain.Permits;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Benchmarks.Permits;

/// <summary>
/// Generates the permit verification database on PostgreSQL once (kept between runs): 4,000 issued CITES permits of
/// eight issuing Parties, each signed through the real <see cref="DocumentSigner.SignAsync"/> with its Party's key
/// (created by <see cref="DocumentSigner.ActiveKeyAsync"/>, private keys in a temporary data folder) and
/// <see cref="PermitDocument.Payload"/>, as <see cref="PermitsService.IssueAsync"/> does. About 5 % are then used and
/// 5 % cancelled, so the status answer varies. Connection: CORDON_BENCH_POSTGRES (default: the local cordon server).
/// </summary>
public static class PermitVerificationData
{
    public const int Permits = 4_000;
    private static readonly string[] Issuers = ["AT", "IN", "CO", "KZ", "BR", "ZA", "DE", "TH"];

    public static string Connection =>
        (Environment.GetEnvironmentVariable("CORDON_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=cordon;Password=cordon") + ";Database=cordon_bench_permits";

    private static readonly DbContextOptions<CordonDbContext> Options =
        new DbContextOptionsBuilder<CordonDbContext>().UseNpgsql(Connection, o => o.MigrationsAssembly("Cordon.Postgres")).Options;

    public static CordonPaths Paths { get; } = new(Path.Combine(Path.GetTempPath(), "cordon_bench_permits"));

    public static CordonDbContext Context() => new(Options);

    /// <summary>The signer as a request gets it: its own DbContext, audit log and the Permits status source.</summary>
    public static DocumentSigner Signer(CordonDbContext db)
    {
        var actor = new Actor();
        return new DocumentSigner(db, Paths, actor, new AuditLog(db, actor, TimeProvider.System), TimeProvider.System, [new PermitDocumentStatus(db, TimeProvider.System)]);
    }

    /// <summary>The document ids of the signed permits.</summary>
    public static async Task<List<Guid>> EnsureAsync()
    {
        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
            if (await db.SignedDocuments.CountAsync(d => d.Kind == PermitsService.DocumentKind) < Permits)
            {
                await db.Database.ExecuteSqlRawAsync("TRUNCATE \"Permits\", \"SignedDocuments\", \"SigningKeys\" CASCADE");
                await GenerateAsync();
            }
        }
        await using var read = Context();
        return await read.Permits.AsNoTracking().Where(p => p.DocumentId != null).OrderBy(p => p.Number).Select(p => p.DocumentId!.Value).ToListAsync();
    }

    private static async Task GenerateAsync()
    {
        var random = new Random(7);
        var clock = TimeProvider.System;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        const int batch = 250;
        for (var start = 0; start < Permits; start += batch)
        {
            await using var db = Context();
            var signer = Signer(db);
            await using var tx = await db.BeginWriteAsync();
            for (var i = start; i < Math.Min(Permits, start + batch); i++)
            {
                var issuer = Issuers[i % Issuers.Length];
                var importer = Issuers[(i + 1 + i / Issuers.Length % (Issuers.Length - 1)) % Issuers.Length];
                var now = clock.GetUtcNow();
                var quantity = 1 + random.Next(200);
                var permitId = Guid.CreateVersion7(now);
                var p = new Permit
                {
                    Id = permitId, Number = $"{issuer}-26-E-{i:000000}", Type = PermitType.Export, Status = PermitStatus.Issued,
                    IssuingCountry = issuer, ExportingCountry = issuer, ImportingCountry = importer,
                    ExporterName = $"Exporter {i}", ExporterAddress = $"{i} Export Street, {issuer}", ImporterName = $"Importer {i}", ImporterAddress = $"{i} Import Road, {importer}",
                    CountryOfOrigin = issuer, Purpose = "T",
                    Lines = [new PermitLine { PermitId = permitId, LineNumber = 1, Source = "W", ScientificName = "Python regius", CommonName = "Ball python", Appendix = "II",
                        Description = "Live specimens", Quantity = quantity, Unit = "pcs", RemainingQuantity = quantity }],
                    ValidFrom = today, ValidUntil = today.AddMonths(6), AppliedAt = now, AppliedBy = "bench", DecidedBy = "bench", DecidedAt = now,
                    IssuedAt = now, IssuedBy = "bench", DocumentId = Guid.CreateVersion7(now), Year = today.Year,
                };
                db.Permits.Add(p);
                await db.SaveChangesAsync();
                await signer.SignAsync(p.DocumentId!.Value, PermitsService.DocumentKind, p.IssuingCountry, PermitDocument.Payload(p));
                var r = random.NextDouble();
                if (r < 0.05)
                {
                    p.Status = PermitStatus.Used;
                    p.Lines[0].QuantityTraded = quantity;
                    p.Lines[0].RemainingQuantity = 0;
                }
                else if (r < 0.10)
                {
                    p.Status = PermitStatus.Cancelled;
                    p.CancelledAt = now;
                    p.CancelledBy = "bench";
                }
            }
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        await using var conn = Context();
        await conn.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    private sealed class Actor : ICurrentActor
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
