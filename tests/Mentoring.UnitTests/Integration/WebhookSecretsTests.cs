using System.Security.Cryptography;
using Mentoring.BuildingBlocks.Protection;
using Mentoring.Integration.Secrets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Mentoring.UnitTests.Integration;

/// <summary>Webhook secrets sealed at rest (docs/integration.md, "Webhooks"): bound to their row and version, keys checked at start-up.</summary>
public class WebhookSecretsTests
{
    private const string Secret = "whsec_c2VjcmV0LWJ5dGVzLWZvci10aGUtdGVzdC0xMjM0NTY3OA==";
    private static readonly Guid Webhook = Guid.NewGuid();

    private static MasterKeys Keys(string environment, Dictionary<string, string> keys, string active = "") =>
        new(new EncryptionOptions { MasterKeys = keys, ActiveMasterKey = active }, "Integration:Encryption",
            "mentoring-dev-only-integration-k"u8.ToArray(), new HostingEnvironment { EnvironmentName = environment });

    private static WebhookSecrets Development() => new(Keys(Environments.Development, []));

    [Fact]
    public void A_sealed_secret_opens_only_at_its_row_and_version()
    {
        var secrets = Development();
        var sealedSecret = secrets.Seal("acme", Webhook, 2, Secret);
        Assert.DoesNotContain("c2VjcmV0", Convert.ToBase64String(sealedSecret.Value));
        Assert.Equal(Secret, secrets.Open("acme", Webhook, 2, sealedSecret));
        Assert.ThrowsAny<CryptographicException>(() => secrets.Open("globex", Webhook, 2, sealedSecret));
        Assert.ThrowsAny<CryptographicException>(() => secrets.Open("acme", Guid.NewGuid(), 2, sealedSecret));
        Assert.ThrowsAny<CryptographicException>(() => secrets.Open("acme", Webhook, 1, sealedSecret));
    }

    [Fact]
    public void A_secret_sealed_by_a_retired_key_opens_while_that_key_is_configured()
    {
        var old = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var sealedByOld = new WebhookSecrets(Keys(Environments.Production, new() { ["old"] = old })).Seal("acme", Webhook, 1, Secret);
        var both = new WebhookSecrets(Keys(Environments.Production,
            new() { ["old"] = old, ["new"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }, active: "new"));
        Assert.Equal("new", both.ActiveKeyId);
        Assert.Equal(Secret, both.Open("acme", Webhook, 1, sealedByOld));
        var onlyNew = new WebhookSecrets(Keys(Environments.Production, new() { ["new"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));
        Assert.ThrowsAny<CryptographicException>(() => onlyNew.Open("acme", Webhook, 1, sealedByOld));
    }

    [Fact]
    public void Outside_development_the_service_needs_a_master_key_of_32_bytes()
    {
        Assert.Throws<InvalidOperationException>(() => Keys(Environments.Production, []));
        Assert.Throws<InvalidOperationException>(() => Keys(Environments.Production, new() { ["k"] = Convert.ToBase64String(new byte[16]) }));
        Assert.Throws<InvalidOperationException>(() => Keys(Environments.Production, new() { ["k"] = "not base64!" }));
        Assert.Throws<InvalidOperationException>(() => Keys(Environments.Production,
            new() { ["a"] = Convert.ToBase64String(new byte[32]), ["b"] = Convert.ToBase64String(new byte[32]) }, active: "c"));
        Assert.Equal(MasterKeys.DevelopmentKeyId, Keys(Environments.Development, []).ActiveId);
    }
}
