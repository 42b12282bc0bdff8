using Cordon.Application.Data;
using Cordon.Domain.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Incidents;

/// <summary>A few demo incidents, reported by the demo officers (run after the demo Parties and users exist).</summary>
public sealed class IncidentDemoData(CordonDbContext db, ReportIncident report, TimeProvider clock)
{
    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.Incidents.AnyAsync(ct)) return;
        var officers = await db.Users.AsNoTracking().Where(u => u.Email != null && u.Email.StartsWith("enforcement.")).ToListAsync(ct);
        if (officers.Count == 0) return;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var substances = await db.Substances.AsNoTracking().Select(s => new { s.Code, s.Name, s.Kind }).ToListAsync(ct);
        string? Code(string name) => substances.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))?.Code;

        async Task Report(string party, IncidentInput input)
        {
            var officer = officers.FirstOrDefault(o => o.PartyCode == party);
            if (officer is null) return;
            await report.ReportForAsync(input, party, officer.Id, officer.AuthorityId, ct);
        }

        await Report("IN", new IncidentInput(IncidentChannel.Precursors, IncidentType.Seizure, today.AddDays(-20), "Nhava Sheva port",
            "Ephedrine declared as sodium chloride found in a sea container bound for Mexico.",
            [new IncidentSubstanceInput(Code("Ephedrine"), "Ephedrine", 500, "kg", "powder", 98)],
            [new IncidentCountryInput("IN", Domain.Incidents.CountryRole.Origin), new IncidentCountryInput("MX", Domain.Incidents.CountryRole.Destination)],
            ["Shree Demo Chemicals Pvt Ltd"], [], "Mis-declared as industrial salt", "Bags hidden behind a front row of salt bags", TransportMode.Sea,
            ["MSKU1234565"], [], true, "en", false, ["CO"], null));
        await Report("CO", new IncidentInput(IncidentChannel.Precursors, IncidentType.IllicitLaboratory, today.AddDays(-9), "Antioquia",
            "Laboratorio ilícito desmantelado con permanganato de potasio.",
            [new IncidentSubstanceInput(Code("Potassium permanganate"), "Potassium permanganate", 1.2m, "t", "crystals", null)],
            [new IncidentCountryInput("CO", Domain.Incidents.CountryRole.Destination)],
            [], [], null, null, TransportMode.Road, [], [], false, "es", false, [], null));
        await Report("AT", new IncidentInput(IncidentChannel.NewPsychoactiveSubstances, IncidentType.SuspiciousOnlineSale, today.AddDays(-3), "Vienna mail centre",
            "Synthetic opioid tablets ordered online, sent by express courier.",
            [new IncidentSubstanceInput(null, "Nitazene analogue (unidentified)", 200, "unit", "tablets", null)],
            [new IncidentCountryInput("IN", Domain.Incidents.CountryRole.Origin), new IncidentCountryInput("AT", Domain.Incidents.CountryRole.Destination)],
            [], [], "Ordered on a surface-web shop", "Blister packs in a cosmetics parcel", TransportMode.Courier, [], ["176-12345675"], true, "en", false, [], null));
    }
}
