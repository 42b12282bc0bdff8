namespace Cordon.Domain.Common;

/// <summary>
/// A lease on a named background job. Whichever node holds an unexpired lease runs the job; the others
/// skip it, so scheduled work runs exactly once across nodes.
/// </summary>
public sealed class JobLease
{
    public required string Name { get; init; }
    public required string Holder { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
