using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Domain.PreExport;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.PreExport;

/// <summary>Demo data of the module: a few invocations, legitimate requirements and notifications between the demo Parties.</summary>
public sealed class PreExportDemoData(CordonDbContext db, TimeProvider clock)
{
    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (!await db.Parties.AnyAsync(ct) || await db.PreExportInvocations.AnyAsync(ct)) return;
        var now = clock.GetUtcNow();
        var secretariat = Services(new SystemActor("demo"));
        await secretariat.Register.RecordInvocationAsync(new InvocationInput("IN", true, false, [], new DateOnly(2010, 3, 1)), ct);
        await secretariat.Register.RecordInvocationAsync(new InvocationInput("CO", true, true, [], new DateOnly(2001, 6, 15)), ct);
        await secretariat.Register.RecordInvocationAsync(new InvocationInput("KZ", false, false, ["PRE-ACETIC-ANHYDRIDE", "PRE-EPHEDRINE"], new DateOnly(2015, 1, 20)), ct);
        await secretariat.Register.SetRequirementAsync(new RequirementInput("IN", "PRE-EPHEDRINE", now.Year, 25_000m), ct);
        await secretariat.Register.SetRequirementAsync(new RequirementInput("IN", "PRE-PSEUDOEPHEDRINE", now.Year, 40_000m), ct);
        await secretariat.Register.SetRequirementAsync(new RequirementInput("KZ", "PRE-EPHEDRINE", now.Year, 300m), ct);
        await secretariat.Register.SetRequirementAsync(new RequirementInput("CO", "PRE-P-2-P", now.Year, 0m), ct);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var austria = Services(new DemoPartyActor("AT"));
        await austria.Notifications.FileAsync(new NewNotification("IN", ["AE"], "Alpenchemie GmbH", "Industriestraße 5, 4020 Linz, Austria",
            "Mumbai Pharma Ltd", "12 MIDC Road, Andheri East, Mumbai 400093, India", null, null,
            [new NotificationLineInput("PRE-EPHEDRINE", 500m, "kg")], "Nhava Sheva (Jawaharlal Nehru Port)", today.AddDays(20),
            "20 fibre drums of 25 kg", "Sea", "Linz – Hamburg – Jebel Ali – Nhava Sheva", "Hamburg", "AT-EXP-2026-118", "IN-IMP-55012"), ct);
        await austria.Notifications.FileAsync(new NewNotification("KZ", ["RU"], "Donau Lösungsmittel AG", "Hafenstraße 9, 1020 Wien, Austria",
            "Almaty Chem LLP", "Abay Ave 150, Almaty, Kazakhstan", "Almaty Chem warehouse", "Ryskulov St 20, Almaty", [new NotificationLineInput("PRE-ACETIC-ANHYDRIDE", 12m, "t")],
            "Khorgos", today.AddDays(10), "ISO tank", "Rail", "Wien – Moskva – Almaty", "Wien", "AT-EXP-2026-121", Confidential: true, ReplyWithinDays: 10), ct);
        var india = Services(new DemoPartyActor("IN"));
        await india.Notifications.FileAsync(new NewNotification("CO", [], "Hyderabad Fine Chemicals", "Plot 7, IDA Jeedimetla, Hyderabad, India",
            "Química Andina S.A.S.", "Calle 80 #45-10, Bogotá, Colombia", null, null, [new NotificationLineInput("PRE-POTASSIUM-PERMANGANATE", 2m, "t")],
            "Buenaventura", today.AddDays(30), "Steel drums", "Sea", "Chennai – Panama – Buenaventura", "Chennai", "IN-EXP-77801"), ct);
    }

    private (PreExportRegister Register, PreExportNotifications Notifications) Services(ICurrentActor actor)
    {
        var audit = new AuditLog(db, actor, clock);
        var notifier = new Notifier(db, clock);
        return (new PreExportRegister(db, actor, audit, clock), new PreExportNotifications(db, actor, audit, new PartyExchange(db, notifier, clock), notifier, clock));
    }

    private sealed class DemoPartyActor(string party) : ICurrentActor
    {
        public Guid? UserId => null;
        public string? UserName => "demo";
        public Guid? AuthorityId => null;
        public string? PartyCode => party;
        public string? IpAddress => null;
        public bool IsSecretariat => false;
        public bool IsInRole(string role) => false;
    }
}
