using Cordon.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddCordon();

var app = builder.Build();
await app.UseCordonAsync();
await app.RunAsync();

/// <summary>Entry point; public so that the integration tests can host it.</summary>
public partial class Program
{
}
