using Microsoft.Extensions.Options;

namespace Mentoring.Integration.Secrets;

/// <summary>The configured master keys, checked at start-up: a service that cannot protect secrets does not start.</summary>
public sealed class MasterKeys
{
    public const int KeyBytes = 32;

    /// <summary>Used only in Development when no key is configured, so that <c>./platform up</c> and tests need no set-up.</summary>
    public const string DevelopmentKeyId = "development";
    private static readonly byte[] DevelopmentKey = "mentoring-dev-only-integration-k"u8.ToArray();

    private readonly Dictionary<string, byte[]> keys;

    public MasterKeys(IOptions<EncryptionOptions> options, IHostEnvironment environment)
    {
        var o = options.Value;
        keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, value) in o.MasterKeys)
        {
            byte[] key;
            try { key = Convert.FromBase64String(value); }
            catch (FormatException) { throw new InvalidOperationException($"{EncryptionOptions.Section}:MasterKeys:{id} is not base64."); }
            if (key.Length != KeyBytes) throw new InvalidOperationException($"{EncryptionOptions.Section}:MasterKeys:{id} must be {KeyBytes} bytes.");
            keys[id] = key;
        }
        ActiveId = o.ActiveMasterKey;
        if (keys.Count == 0 && environment.IsDevelopment())
        {
            keys[DevelopmentKeyId] = DevelopmentKey;
            ActiveId = DevelopmentKeyId;
        }
        if (keys.Count == 0) throw new InvalidOperationException($"No master key: set {EncryptionOptions.Section}:MasterKeys:<id> and {EncryptionOptions.Section}:ActiveMasterKey.");
        if (ActiveId.Length == 0 && keys.Count == 1) ActiveId = keys.Keys.Single();
        if (!keys.ContainsKey(ActiveId)) throw new InvalidOperationException($"{EncryptionOptions.Section}:ActiveMasterKey names no configured master key.");
    }

    public string ActiveId { get; }

    public byte[] Active => keys[ActiveId];

    public bool TryGet(string id, out byte[] key) => keys.TryGetValue(id, out key!);
}
