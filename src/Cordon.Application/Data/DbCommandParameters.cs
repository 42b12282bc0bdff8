using System.Data;
using System.Data.Common;

namespace Cordon.Application.Data;

/// <summary>Parameters of the few hand-written commands (reference numbers, the sealer's bulk inserts).</summary>
internal static class DbCommandParameters
{
    public static void AddParameter(this DbCommand command, string name, object value, DbType? type = null)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        if (type is { } t) p.DbType = t;
        command.Parameters.Add(p);
    }
}
