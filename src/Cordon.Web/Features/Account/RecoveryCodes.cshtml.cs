using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Account;

[Authorize]
public sealed class RecoveryCodesModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<string> Codes { get; private set; } = [];

    public IActionResult OnGet()
    {
        if (TempData["RecoveryCodes"] is not string codes) return LocalRedirect(SignInFlow.SafeReturnUrl(ReturnUrl));
        Codes = codes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Page();
    }
}
