namespace Mentoring.Integration.Secrets;

/// <summary>
/// Master keys that seal the webhooks' signing secrets (section <c>Integration:Encryption</c>, the
/// same shape as feedback's <c>Feedback:Encryption</c>). Each is 32 random bytes in base64
/// (<c>openssl rand -base64 32</c>), named by an id; <see cref="ActiveMasterKey"/> seals new and
/// resealed secrets, the others only open. In a cluster they come from a Secret.
/// </summary>
public sealed class EncryptionOptions
{
    public const string Section = "Integration:Encryption";

    /// <summary>Master keys by id; keep a retired key here until the reseal at start-up has moved every secret off it.</summary>
    public Dictionary<string, string> MasterKeys { get; set; } = new();

    /// <summary>The id of the master key that seals secrets.</summary>
    public string ActiveMasterKey { get; set; } = "";
}
