using System.Net.Sockets;
using System.Text.Json;
using Cordon.Web.Infrastructure;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cordon.Web.Tests.Api;

[Collection(SharedApp.Name)]
public class OutageTests(CordonApp app)
{
    public static TheoryData<Exception> Outages => new()
    {
        new Npgsql.NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)),
        new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", new Npgsql.NpgsqlException("Exception while reading from stream", new IOException("reset"))),
        new Microsoft.EntityFrameworkCore.DbUpdateException("save failed", new Microsoft.Data.Sqlite.SqliteException("database or disk is full", 13)),
        new Microsoft.Data.Sqlite.SqliteException("attempt to write a readonly database", 8),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task A_database_outage_is_a_503_with_retry_after_not_a_500(Exception outage)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var handler = new ProblemExceptionHandler(scope.ServiceProvider.GetRequiredService<IProblemDetailsService>(), NullLogger<ProblemExceptionHandler>.Instance);
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Headers.Accept = "application/json";
        http.Response.Body = new MemoryStream();
        Assert.True(await handler.TryHandleAsync(http, outage, CancellationToken.None));
        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("5", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(http.Response.Body);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
    }
}
