namespace Mentoring.BuildingBlocks.Protection;

/// <summary>
/// A service's master keys (feedback's <c>Feedback:Encryption</c>, integration's
/// <c>Integration:Encryption</c>): each 32 random bytes in base64 (<c>openssl rand -base64 32</c>),
/// named by an id; <see cref="ActiveMasterKey"/> seals, the others only open. In a cluster they come
/// from a Secret (k8s/examples/secrets.yaml).
/// </summary>
public sealed class EncryptionOptions
{
    /// <summary>Master keys by id; keep a retired key here until the rewrap at start-up has moved everything off it.</summary>
    public Dictionary<string, string> MasterKeys { get; set; } = new();

    /// <summary>The id of the master key that seals.</summary>
    public string ActiveMasterKey { get; set; } = "";
}
