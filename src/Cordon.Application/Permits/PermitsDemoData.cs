using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Documents;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Domain.Permits;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Permits;

/// <summary>Demo data: the species sample, three risk rules, and permits between the demo Parties at several steps.</summary>
public sealed class PermitsDemoData(CordonDbContext db, CordonPaths paths, TimeProvider clock)
{
    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (!await db.Parties.AnyAsync(ct) || await db.CitesTaxa.AnyAsync(ct)) return;
        var system = new SystemActor("demo");
        await new SpeciesReference(db, new AuditLog(db, system, clock), clock).ImportAsync(await SpeciesReference.SampleAsync(ct), ct);
        var secretariat = Service(system);
        await secretariat.AddRiskRuleAsync(new RiskRuleInput("appendix", "I", 40), ct);
        await secretariat.AddRiskRuleAsync(new RiskRuleInput("species", "Pterocarpus santalinus", 30), ct);
        await secretariat.AddRiskRuleAsync(new RiskRuleInput("quantity-over", "1000", 20), ct);

        var austria = Service(new DemoActor("AT"));
        var python = await austria.ApplyAsync(new PermitApplication(PermitType.Export, "AT", "IN", "Reptilienzucht Steiner KG", "Hauptstraße 3, 8010 Graz, Austria",
            "Mumbai Reptile Park", "Marine Drive 12, Mumbai 400020, India", "GH", "T", "C", "Python regius", "Live, captive-bred", 20m, "NO"), ct);
        if (python.Succeeded)
        {
            await austria.DecideAsync(python.Value!.Id, new DecisionInput(true, null), null, ct);
            await austria.IssueAsync(python.Value.Id, new IssueInput(null, null, "Transport in accordance with the IATA Live Animals Regulations"), ct);
        }
        await austria.ApplyAsync(new PermitApplication(PermitType.Export, "AT", "KZ", "Alpen Aloe GmbH", "Gartenweg 1, 6020 Innsbruck, Austria",
            "Almaty Botanicals LLP", "Abay Ave 12, Almaty, Kazakhstan", "ZA", "T", "W", "Aloe ferox", "Dried leaf extract", 150m, "KIL"), ct);
        var india = Service(new DemoActor("IN"));
        var sanders = await india.ApplyAsync(new PermitApplication(PermitType.Export, "IN", "CO", "Andhra Timber Co.", "Tirupati, Andhra Pradesh, India",
            "Maderas del Pacífico S.A.S.", "Cra 7 #12-30, Cali, Colombia", "IN", "T", "A", "Pterocarpus santalinus", "Sawn wood, artificially propagated", 12m, "M3"), ct);
        if (sanders.Succeeded)
        {
            await india.DecideAsync(sanders.Value!.Id, new DecisionInput(true, null), null, ct);
            await india.IssueAsync(sanders.Value.Id, new IssueInput(null, null, null), ct);
        }
    }

    private PermitsService Service(ICurrentActor actor)
    {
        var audit = new AuditLog(db, actor, clock);
        var notifier = new Notifier(db, clock);
        return new PermitsService(db, actor, audit, new PartyExchange(db, notifier, clock), new DocumentSigner(db, paths, actor, audit, clock, []), notifier, clock);
    }

    private sealed class DemoActor(string party) : ICurrentActor
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
