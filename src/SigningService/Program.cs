using SigningService.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddSigningService();

var app = builder.Build();
await app.PrepareDatabaseAsync();
await app.SeedDevDataAsync();
app.MapSigningService();
app.Run();

public partial class Program;
