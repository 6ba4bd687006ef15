var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.UseExceptionHandler();
app.MapHealthChecks("/health");
app.MapGet("/", () => TypedResults.Text("Verifikasi dokumen — SigningService Verifier\n"));
app.Run();

public partial class Program;
