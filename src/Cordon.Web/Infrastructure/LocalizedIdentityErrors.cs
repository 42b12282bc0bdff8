using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Infrastructure;

/// <summary>Identity's password and account errors in the user's language (Identity's own are English only).</summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    private IdentityError Error(string code, string text, params object[] args) => new() { Code = code, Description = l[text, args] };

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), "The password must have at least {0} characters.", length);
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "The password must contain a digit.");
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "The password must contain a lower-case letter.");
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "The password must contain an upper-case letter.");
    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "The password must contain a symbol.");
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), "A user with this e-mail address already exists.");
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), "A user with this e-mail address already exists.");
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "This link is not valid any more. Ask your national administrator for a new one.");
}
