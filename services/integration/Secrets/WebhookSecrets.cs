using Mentoring.BuildingBlocks.Protection;
using System.Security.Cryptography;
using System.Text;

namespace Mentoring.Integration.Secrets;

/// <summary>A webhook's signing secret as stored: sealed, with the id of the master key that sealed it.</summary>
public sealed record SealedSecret(byte[] Value, string MasterKeyId);

/// <summary>
/// Seals and opens webhooks' signing secrets with the active master key (docs/integration.md,
/// "Webhooks"). The associated data is the secret's row and version (organisation, webhook id,
/// secret version), so a sealed secret copied to another webhook, or an older version put back,
/// does not open.
/// </summary>
public sealed class WebhookSecrets(MasterKeys keys)
{
    public string ActiveKeyId => keys.ActiveId;

    public SealedSecret Seal(string tenantId, Guid webhookId, int version, string secret) =>
        new(Aead.Seal(keys.Active, 0, Encoding.UTF8.GetBytes(secret), Place(tenantId, webhookId, version)), keys.ActiveId);

    /// <summary>The secret; <see cref="CryptographicException"/> when its master key is not configured or the value belongs elsewhere.</summary>
    public string Open(string tenantId, Guid webhookId, int version, SealedSecret sealedSecret)
    {
        if (!keys.TryGet(sealedSecret.MasterKeyId, out var key))
            throw new CryptographicException($"Master key '{sealedSecret.MasterKeyId}' is not configured.");
        return Encoding.UTF8.GetString(Aead.Open(key, sealedSecret.Value, Place(tenantId, webhookId, version)));
    }

    private static byte[] Place(string tenantId, Guid webhookId, int version) =>
        Encoding.UTF8.GetBytes($"webhook|{tenantId}|{webhookId:D}|secret|{version}");
}
