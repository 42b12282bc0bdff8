using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cordon.Client;

/// <summary>The JSON conventions of the Cordon API: camelCase names and enums as their names.</summary>
public static class CordonJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        // Shared by every client instance: freeze it so nobody changes it under the others.
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
