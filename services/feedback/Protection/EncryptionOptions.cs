namespace Mentoring.Feedback.Protection;

/// <summary>
/// Master keys that wrap the organisations' data keys (section <c>Feedback:Encryption</c>). Each is
/// 32 random bytes in base64 (<c>openssl rand -base64 32</c>), named by an id; <see cref="ActiveMasterKey"/>
/// wraps new and rewrapped data keys, the others only unwrap. In a cluster they come from a Secret.
/// </summary>
public sealed class EncryptionOptions
{
    public const string Section = "Feedback:Encryption";

    /// <summary>Master keys by id; keep a retired key here until the rewrap at start-up has moved every data key off it.</summary>
    public Dictionary<string, string> MasterKeys { get; set; } = new();

    /// <summary>The id of the master key that wraps data keys.</summary>
    public string ActiveMasterKey { get; set; } = "";
}
