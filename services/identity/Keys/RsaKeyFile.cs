using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Mentoring.Identity.Keys;

/// <summary>
/// An RSA key kept in a PEM file (PKCS#8): read when the file exists, otherwise generated and
/// written with mode 0600 (owner read/write only), atomically, so two processes starting together
/// end up with the same key. The key id (<c>kid</c>) is the RFC 7638 JWK thumbprint of the public
/// key, so it is the same after every restart.
/// </summary>
public static class RsaKeyFile
{
    public const int KeySize = 2048;

    public static RsaSecurityKey LoadOrCreate(string path, ILogger? logger = null)
    {
        var full = Path.GetFullPath(path);
        var rsa = RSA.Create();
        if (File.Exists(full))
        {
            rsa.ImportFromPem(File.ReadAllText(full));
            WarnIfReadableByOthers(full, logger);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            rsa = RSA.Create(KeySize);
            var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem()));
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temporary, full, overwrite: false);
                logger?.LogInformation("Created RSA key {Path}", full);
            }
            catch (IOException) when (File.Exists(full))
            {
                // Another process created it first: use theirs.
                File.Delete(temporary);
                rsa.ImportFromPem(File.ReadAllText(full));
            }
        }
        return WithKeyId(rsa);
    }

    /// <summary>A fresh in-memory key (nothing written), with its thumbprint as key id.</summary>
    public static RsaSecurityKey Ephemeral() => WithKeyId(RSA.Create(KeySize));

    private static RsaSecurityKey WithKeyId(RSA rsa) => new(rsa) { KeyId = Thumbprint(rsa.ExportParameters(false)) };

    /// <summary>RFC 7638: SHA-256 of the canonical JSON of the public key's required members, base64url.</summary>
    public static string Thumbprint(RSAParameters publicKey)
    {
        var json = $$"""{"e":"{{Base64UrlEncoder.Encode(publicKey.Exponent)}}","kty":"RSA","n":"{{Base64UrlEncoder.Encode(publicKey.Modulus)}}"}""";
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    private static void WarnIfReadableByOthers(string path, ILogger? logger)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        if ((mode & others) != 0)
            logger?.LogWarning("RSA key {Path} is readable or writable by group/others ({Mode}); it should be 0600", path, mode);
    }
}
