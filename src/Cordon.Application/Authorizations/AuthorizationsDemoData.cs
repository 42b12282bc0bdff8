using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Documents;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Authorizations;

/// <summary>Demo data: estimates and assessments of the demo Parties and a few authorizations between them.</summary>
public sealed class AuthorizationsDemoData(CordonDbContext db, CordonPaths paths, TimeProvider clock)
{
    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (!await db.Parties.AnyAsync(ct) || await db.Estimates.AnyAsync(ct)) return;
        var year = clock.GetUtcNow().Year;
        var secretariat = Services(new DemoActor(null));
        foreach (var (party, substance, grams) in new[] { ("AT", "N-MORPHINE", 1_200_000m), ("AT", "N-CODEINE", 3_000_000m), ("IN", "N-MORPHINE", 800_000m), ("IN", "N-CODEINE", 9_500_000m),
                     ("CO", "N-MORPHINE", 150_000m), ("KZ", "N-MORPHINE", 90_000m), ("KZ", "N-CODEINE", 400_000m) })
            await secretariat.Estimates.SubmitAsync(new EstimateInput(party, substance, year, grams), ct);
        foreach (var (party, substance, grams) in new[] { ("AT", "P-DIAZEPAM", 500_000m), ("IN", "P-PHENOBARBITAL", 2_000_000m), ("CO", "P-DIAZEPAM", 200_000m), ("KZ", "P-PHENOBARBITAL", 300_000m) })
            await secretariat.Estimates.SubmitAsync(new EstimateInput(party, substance, null, grams), ct);
        await secretariat.Estimates.RecordProhibitionAsync(new ProhibitionInput("KZ", "P-FLUNITRAZEPAM", new DateOnly(2012, 1, 1)), ct);

        // Between Colombia, India and Kazakhstan (Austria's demo users start with an empty notification centre).
        var colombia = Services(new DemoActor("CO"));
        var imported = await colombia.Authorizations.IssueImportAsync(new ImportAuthorizationInput("CO-IC-2026-0001", "IN", null, null,
            "Laboratorios Andinos S.A.S.", "Calle 80 #45-10, Bogotá, Colombia", "Sun Alkaloids Ltd", "Plot 12, Neemuch, Madhya Pradesh, India",
            "N-MORPHINE", "morphine sulfate pentahydrate", "powder", 50m, "kg", null, "El Dorado Air Cargo", "Manufacture of morphine sulfate tablets", SeveralConsignments: true), ct);
        var india = Services(new DemoActor("IN"));
        if (imported.Succeeded)
            await india.Authorizations.IssueExportAsync(new ExportAuthorizationInput(imported.Value!.Authorization.Id, "IN-EA-2026-0101", null, null, 20m, "kg",
                "morphine sulfate pentahydrate", "powder"), ct);
        var kazakhstan = Services(new DemoActor("KZ"));
        await kazakhstan.Authorizations.IssueImportAsync(new ImportAuthorizationInput("KZ-IMP-2026-17", "IN", null, null,
            "Almaty Pharm LLP", "Abay Ave 150, Almaty, Kazakhstan", "Hyderabad Generics Ltd", "Plot 7, IDA Jeedimetla, Hyderabad, India",
            "N-CODEINE", "codeine phosphate hemihydrate", "powder", 100m, "kg", null, "Almaty airport", "Cough preparations"), ct);
    }

    private (EstimateRegister Estimates, AuthorizationService Authorizations) Services(ICurrentActor actor)
    {
        var audit = new AuditLog(db, actor, clock);
        var notifier = new Notifier(db, clock);
        return (new EstimateRegister(db, actor, audit, notifier, clock), new AuthorizationService(db, actor, audit, new PartyExchange(db, notifier, clock), notifier, new DocumentSigner(db, paths, actor, audit, clock, []), clock));
    }

    private sealed class DemoActor(string? party) : ICurrentActor
    {
        public Guid? UserId => null;
        public string? UserName => "demo";
        public Guid? AuthorityId => null;
        public string? PartyCode => party;
        public string? IpAddress => null;
        public bool IsSecretariat => party is null;
        public bool IsInRole(string role) => false;
    }
}
