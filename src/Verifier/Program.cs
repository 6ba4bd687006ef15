using SigningService.Data;
using SigningService.Storage;
using SigningService.Verification;

// The public verification host: QR landing pages over the service's records (read-only) and its signed
// PDFs (a shared, read-only blob folder). It holds no keys and references no key code.
var builder = WebApplication.CreateBuilder(args);
var provider = builder.Configuration["Database:Provider"] ?? "Sqlite";
var connection = builder.Configuration["Database:ConnectionString"]
                 ?? throw new InvalidOperationException("Database:ConnectionString is required: the Verifier reads the service's document records.");
var dataFolder = builder.Configuration["Storage:DataFolder"]
                 ?? throw new InvalidOperationException("Storage:DataFolder is required: the service's data folder (its blobs/ are read).");
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks();
builder.Services.AddDocumentRecords(provider, connection);
builder.Services.AddSingleton<IBlobStore>(new FileSystemBlobStore(Path.Combine(dataFolder, "blobs")));
builder.Services.AddVerificationPages(
    builder.Configuration.GetValue<int?>("Verification:RequestsPerMinutePerAddress") ?? 120,
    builder.Configuration.GetValue<int?>("Verification:CacheSeconds") ?? 5);
builder.Services.AddUploadVerification(builder.Configuration,
    builder.Environment.IsDevelopment() ? builder.Configuration["DevPki:RootFile"] : null);

var app = builder.Build();
app.UseExceptionHandler();
app.UseRateLimiter();
app.MapHealthChecks("/health");
app.MapVerificationPages();
app.MapUploadVerification();
app.MapTrackingPage();
app.MapGet("/", () => TypedResults.Text("Verifikasi dokumen — pindai kode QR pada dokumen Anda.\n"));
app.Run();

public partial class Program;
