using SigningService.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddSigningService();

var app = builder.Build();
app.MapSigningService();
app.Run();

public partial class Program;
