using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using static Mentoring.IntegrationTests.Identity.ClientCredentialsTests;

namespace Mentoring.IntegrationTests.Identity;

/// <summary>Keys in files survive a restart (./platform down && up); without a file each process has its own.</summary>
public sealed class SigningKeyTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private string folder = null!;

    public async Task InitializeAsync()
    {
        db = await Databases.FreshAsync();
        folder = Directory.CreateTempSubdirectory("mentoring-identity-keys-").FullName;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_restarted_server_publishes_the_same_key_and_still_accepts_its_tokens()
    {
        var keyPath = Path.Combine(folder, "nested", "signing-key.pem");
        var settings = new Dictionary<string, string?> { ["Identity:SigningKeyPath"] = keyPath };
        var port = FreePort.Next(); // same address after the restart, hence the same issuer

        string kid, accessToken, refreshToken;
        TestTenant demo;
        await using (var first = await IdentityServer.StartAsync(db, ["demo"], settings, httpPort: port))
        {
            demo = first.Tenant("demo");
            accessToken = await first.ClientCredentialsTokenAsync(demo.PartnerClientId, demo.PartnerSecret, "profile.read");
            kid = Valid(await first.ValidateAsync(accessToken)).Kid;
            refreshToken = (await first.UserTokenAsync(demo.PersonEmail, demo.PersonPassword, "openid", "offline_access")).RefreshToken!;
        }

        // Created on first start, owner-only, next to the encryption key of codes and refresh tokens.
        Assert.True(File.Exists(keyPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath + ".encryption"));
        }
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(keyPath));

        await using var second = await IdentityServer.StartAsync(db, ["demo"], settings, httpPort: port);
        var secondDemo = second.Tenant("demo");
        var jwks = (await second.DiscoverAsync()).JsonWebKeySet.Keys;
        Assert.Equal([kid], jwks.Select(k => k.Kid));
        Assert.Equal(kid, Valid(await second.ValidateAsync(accessToken)).Kid);   // the old token still validates
        var fresh = await second.ClientCredentialsTokenAsync(demo.PartnerClientId, demo.PartnerSecret, "profile.read");
        Assert.Equal(kid, new JsonWebToken(fresh).Kid);
        // The refresh token, encrypted with the persisted encryption key, still works after the restart.
        (await second.RefreshAsync(secondDemo.SpaClientId, refreshToken)).EnsureSuccess();
    }

    [Fact]
    public async Task Without_a_key_file_each_process_has_an_ephemeral_key()
    {
        string firstKid;
        await using (var first = await IdentityServer.StartAsync(db))
            firstKid = (await first.DiscoverAsync()).JsonWebKeySet.Keys.Single().Kid;

        await using var second = await IdentityServer.StartAsync(db);
        Assert.NotEqual(firstKid, (await second.DiscoverAsync()).JsonWebKeySet.Keys.Single().Kid);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }
}
