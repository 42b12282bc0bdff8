namespace Cordon.Application.Common;

public enum Failure
{
    None,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
    PreconditionFailed,
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
}
