using System.Text.Json;
using System.Text.Json.Serialization;
using Signing.Cms.Revocation;

namespace Signing.Cms;

/// <summary>One revocation by the dev CA, as kept in revocations.json.</summary>
/// <param name="SerialHex">Certificate serial, upper-case hex.</param>
/// <param name="Issuer">"issuing-ca" or "root-ca": whose CRL lists it.</param>
/// <param name="Name">The dev identity (file name without .pem), when known.</param>
public sealed record DevRevocation(string SerialHex, string Issuer, string? Name, DateTimeOffset RevokedAt, RevocationReason Reason);

/// <summary>
/// revocations.json in the state folder, shared by every process using the same folder (the CLI's
/// `dev-pki revoke` and a running dev server). Re-read when the file changes; written atomically
/// (temp file + rename).
/// </summary>
internal sealed class DevRevocationState(string folder)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly object _gate = new();
    private (DateTime WrittenAt, long Length) _seen = (DateTime.MinValue, -1);
    private IReadOnlyList<DevRevocation> _current = [];

    public string Folder { get; } = Path.GetFullPath(folder);

    public string FilePath => Path.Combine(Folder, "revocations.json");

    public IReadOnlyList<DevRevocation> Read()
    {
        lock (_gate)
        {
            var file = new FileInfo(FilePath);
            if (!file.Exists)
            {
                _seen = (DateTime.MinValue, -1);
                return _current = [];
            }

            if ((file.LastWriteTimeUtc, file.Length) == _seen)
                return _current;
            try
            {
                var parsed = JsonSerializer.Deserialize<StateFile>(File.ReadAllText(file.FullName), Json);
                _current = parsed?.Revocations ?? [];
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"The dev PKI state file {file.FullName} is not valid JSON: {e.Message}", e);
            }

            _seen = (file.LastWriteTimeUtc, file.Length);
            return _current;
        }
    }

    /// <summary>Applies <paramref name="change"/> to the current list and writes the result.</summary>
    public IReadOnlyList<DevRevocation> Update(Func<IReadOnlyList<DevRevocation>, IReadOnlyList<DevRevocation>> change)
    {
        lock (_gate)
        {
            var next = change(Read());
            Directory.CreateDirectory(Folder);
            var temp = FilePath + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(new StateFile(
                "DEV ONLY: certificates the dev CA has revoked; read by its OCSP responder and CRLs.", next), Json) + "\n");
            File.Move(temp, FilePath, overwrite: true);
            return next;
        }
    }

    private sealed record StateFile(string Comment, IReadOnlyList<DevRevocation> Revocations);
}
