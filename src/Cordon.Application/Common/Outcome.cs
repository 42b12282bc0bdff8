namespace Cordon.Application.Common;

public enum Failure
{
    None,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
    PreconditionFailed,
    /// <summary>An upload over <see cref="Domain.Documents.UploadLimits.MaxBytes"/>.</summary>
    TooLarge,
    /// <summary>An upload whose content is none of the kinds accepted there (recognised by content, not by name).</summary>
    Unsupported,
}

/// <summary>The result of a use case: a value, or why not. Endpoints turn failures into problem details.</summary>
public sealed record Outcome<T>(T? Value, Failure Failure, string? Message, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public bool Succeeded => Failure == Failure.None;

    public static Outcome<T> Ok(T value) => new(value, Failure.None, null);
    public static Outcome<T> Invalid(string message, IReadOnlyDictionary<string, string[]>? errors = null) => new(default, Failure.Invalid, message, errors);
    public static Outcome<T> NotFound(string message = "Not found.") => new(default, Failure.NotFound, message);
    public static Outcome<T> Forbidden(string message = "You may not do this.") => new(default, Failure.Forbidden, message);
    public static Outcome<T> Conflict(string message) => new(default, Failure.Conflict, message);
    public static Outcome<T> PreconditionFailed(string message) => new(default, Failure.PreconditionFailed, message);
    public static Outcome<T> TooLarge(string message) => new(default, Failure.TooLarge, message);
    public static Outcome<T> Unsupported(string message) => new(default, Failure.Unsupported, message);

    /// <summary>The same failure, as the outcome of the use case that could not go on because of it.</summary>
    public Outcome<TOther> Failed<TOther>() => Succeeded
        ? throw new InvalidOperationException("A successful outcome has no failure to pass on.")
        : new(default, Failure, Message, Errors);
}
