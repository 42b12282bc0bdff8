using Cordon.Application.Identity;
using Cordon.Application.Monitoring;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Monitoring;

[Authorize(Policy = MonitoringPolicies.View)]
public sealed class IndexModel(SubmissionService submissions, MonitoringThreads threads, ICurrentActor actor, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public int ShownYear { get; private set; }
    public bool Secretariat => actor.PartyCode is null && actor.IsSecretariat;
    public string? Party => actor.PartyCode;
    public ReportingStatus Reporting { get; private set; } = null!;
    public IReadOnlyList<SubmissionSummary> Submissions { get; private set; } = [];
    public IReadOnlyList<ThreadView> OpenThreads { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ShownYear = Year is >= 2000 and <= 2100 ? Year.Value : clock.GetUtcNow().Year - 1;
        Reporting = await submissions.ReportingAsync(ShownYear, Infrastructure.Languages.Current, ct);
        if (!Secretariat) Submissions = await submissions.ListAsync(null, null, null, ct);
        OpenThreads = (await threads.ListAsync(null, ct)).Where(t => t.Status != Cordon.Domain.Monitoring.ThreadStatus.Closed).ToList();
    }
}
