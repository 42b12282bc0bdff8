using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cordon.Application.Data;

/// <summary>
/// Puts the record locks a transaction asked for (<see cref="CordonDbContext.AcquireLockAsync"/>) in front of its next
/// statement, so that taking a lock costs no round trip of its own (ADR 0051). PostgreSQL runs the statements of one
/// command in order, each with its own snapshot under READ COMMITTED: the statement that follows the lock sees every
/// write committed before the lock was granted, exactly as when the lock was sent alone. A query's reader is moved past
/// the locks' results before EF reads it; a command whose result counts (non-query, scalar) gets the locks sent just
/// before it instead.
/// </summary>
internal sealed class DeferredLocks : DbCommandInterceptor
{
    public static readonly DeferredLocks Instance = new();

    /// <summary>Commands carrying locks, and how many result sets the locks add in front of theirs.</summary>
    private static readonly ConditionalWeakTable<DbCommand, StrongBox<int>> Carrying = [];

    /// <summary>Adds "SELECT pg_advisory_xact_lock(...)" for each deferred lock in front of the command's text; returns how many.</summary>
    internal static int Prepend(CordonDbContext db, DbCommand command)
    {
        var ids = db.TakeDeferredLocks();
        var locks = new System.Text.StringBuilder();
        for (var i = 0; i < ids.Count; i++)
        {
            // A parameter, not a literal: the statement's text stays the same for every key, so it is prepared once.
            var p = command.CreateParameter();
            p.ParameterName = $"cordon_lock{i}";
            p.Value = ids[i];
            command.Parameters.Add(p);
            locks.Append("SELECT pg_advisory_xact_lock(@cordon_lock").Append(i).Append(");");
        }
        command.CommandText = locks.Append(command.CommandText).ToString();
        return ids.Count;
    }

    /// <summary>A command of its own that takes the deferred locks, for a command that cannot carry them in front.</summary>
    internal static DbCommand Alone(CordonDbContext db, DbConnection connection, DbTransaction? transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        Prepend(db, command);
        return command;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Carry(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        Carry(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        if (Carrying.TryGetValue(command, out var skip))
        {
            Carrying.Remove(command);
            for (var i = 0; i < skip.Value; i++) result.NextResult();
        }
        return result;
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        if (Carrying.TryGetValue(command, out var skip))
        {
            Carrying.Remove(command);
            for (var i = 0; i < skip.Value; i++) await result.NextResultAsync(cancellationToken);
        }
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        SendFirst(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        await SendFirstAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        SendFirst(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        await SendFirstAsync(command, eventData, cancellationToken);
        return result;
    }

    private static void Carry(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is not CordonDbContext { HasDeferredLocks: true } db) return;
        Carrying.AddOrUpdate(command, new StrongBox<int>(Prepend(db, command)));
    }

    private static void SendFirst(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is not CordonDbContext { HasDeferredLocks: true } db) return;
        using var locks = Alone(db, command.Connection!, command.Transaction);
        locks.ExecuteNonQuery();
    }

    private static Task SendFirstAsync(DbCommand command, CommandEventData eventData, CancellationToken ct) =>
        eventData.Context is CordonDbContext { HasDeferredLocks: true } db ? db.SendDeferredLocksAsync(command.Connection!, command.Transaction, ct) : Task.CompletedTask;
}
