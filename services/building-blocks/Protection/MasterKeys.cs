using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mentoring.BuildingBlocks.Protection;

/// <summary>The configured master keys, checked at start-up: a service that cannot protect what it must seal does not start.</summary>
public sealed class MasterKeys
{
    public const int KeyBytes = 32;

    /// <summary>Used only in Development when no key is configured, so that <c>./platform up</c> and tests need no set-up.</summary>
    public const string DevelopmentKeyId = "development";

    private readonly Dictionary<string, byte[]> keys = new(StringComparer.Ordinal);

    /// <param name="section">The configuration section the keys come from, named in every error.</param>
    /// <param name="developmentKey">The service's own fixed key for Development (32 bytes).</param>
    public MasterKeys(EncryptionOptions options, string section, byte[] developmentKey, IHostEnvironment environment)
    {
        foreach (var (id, value) in options.MasterKeys)
        {
            byte[] key;
            try { key = Convert.FromBase64String(value); }
            catch (FormatException) { throw new InvalidOperationException($"{section}:MasterKeys:{id} is not base64."); }
            if (key.Length != KeyBytes) throw new InvalidOperationException($"{section}:MasterKeys:{id} must be {KeyBytes} bytes.");
            keys[id] = key;
        }
        ActiveId = options.ActiveMasterKey;
        if (keys.Count == 0 && environment.IsDevelopment())
        {
            keys[DevelopmentKeyId] = developmentKey;
            ActiveId = DevelopmentKeyId;
        }
        if (keys.Count == 0) throw new InvalidOperationException($"No master key: set {section}:MasterKeys:<id> and {section}:ActiveMasterKey.");
        if (ActiveId.Length == 0 && keys.Count == 1) ActiveId = keys.Keys.Single();
        if (!keys.ContainsKey(ActiveId)) throw new InvalidOperationException($"{section}:ActiveMasterKey names no configured master key.");
    }

    public string ActiveId { get; }

    public byte[] Active => keys[ActiveId];

    public bool TryGet(string id, out byte[] key) => keys.TryGetValue(id, out key!);

    public byte[] Get(string id) =>
        TryGet(id, out var key) ? key : throw new InvalidOperationException($"Master key '{id}' is not configured: what it sealed cannot be opened.");
}

public static class MasterKeysRegistration
{
    /// <summary>Registers the master keys of <paramref name="section"/>; the service resolves them at start-up to fail fast.</summary>
    public static IServiceCollection AddMasterKeys(this IServiceCollection services, IConfiguration configuration, string section, byte[] developmentKey) =>
        services.AddSingleton(sp => new MasterKeys(
            configuration.GetSection(section).Get<EncryptionOptions>() ?? new EncryptionOptions(), section, developmentKey,
            sp.GetRequiredService<IHostEnvironment>()));
}
