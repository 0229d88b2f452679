using Google.Protobuf.WellKnownTypes;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Identity.ClientCredentialsTests;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Identity;

/// <summary>
/// A user is the person registered in profile with the user's e-mail address, in the user's
/// organisation: the token server learns of people from profile's events and gives each new token
/// the <c>person</c> claim; a changed address or an erasure takes it away again.
/// </summary>
public sealed class PersonDirectoryTests : IAsyncLifetime
{
    private IdentityServer identity = null!;
    private RunningService profile = null!;
    private ProfileService.ProfileServiceClient admin = null!;

    public async Task InitializeAsync()
    {
        var db = await Databases.FreshAsync();
        // The development seed: ada@demo.example is a person-role user linked to nobody.
        identity = await IdentityServer.StartAsync(db, tenants: [], contentRoot: DevelopmentSeed.IdentityContentRoot);
        profile = await Apps.StartAsync("profile", db, Apps.ResourceServerSettings(identity));
        var token = await identity.UserTokenForClientAsync(DevelopmentSeed.SpaClient, FrontDoorPlatform.AdminEmail, FrontDoorPlatform.AdminPassword,
            "openid", "profile.read", "profile.write");
        admin = new ProfileService.ProfileServiceClient(profile.CreateChannel(token.AccessToken));
    }

    public async Task DisposeAsync()
    {
        await profile.DisposeAsync();
        await identity.DisposeAsync();
    }

    private Task<string?> AdasPersonClaimAsync() => PersonClaimAsync(FrontDoorPlatform.PersonEmail, FrontDoorPlatform.PersonPassword);

    private async Task<string?> PersonClaimAsync(string email, string password)
    {
        var token = await identity.UserTokenForClientAsync(DevelopmentSeed.SpaClient, email, password, "openid", "profile.read");
        return Valid(await identity.ValidateAsync(token.AccessToken!)).Claims.SingleOrDefault(c => c.Type == "person")?.Value;
    }

    private Task<Person> RegisterAdaAsync(string email)
    {
        var ada = Person("Ada Lovelace", PersonRole.Mentor, SeniorityLevel.Senior);
        ada.Email = email;
        return admin.RegisterPersonAsync(Register(ada)).ResponseAsync;
    }

    [Fact]
    public async Task An_administrator_is_never_linked_by_address()
    {
        // An administrator gives a record their own address (e.g. a participant's, to read their content)…
        await RegisterAdaAsync(FrontDoorPlatform.AdminEmail);
        // …and then Ada's: once Ada is linked, the identity has handled the earlier event too (one topic, in order).
        var ada = await RegisterAdaAsync(FrontDoorPlatform.PersonEmail);
        await Eventually.True("Ada's token names her person", async () => await AdasPersonClaimAsync() == ada.Name);

        Assert.Null(await PersonClaimAsync(FrontDoorPlatform.AdminEmail, FrontDoorPlatform.AdminPassword));
    }

    [Fact]
    public async Task A_user_is_given_the_person_with_their_address_and_loses_it_when_the_address_moves_on()
    {
        Assert.Null(await AdasPersonClaimAsync());

        var registered = await RegisterAdaAsync("Ada@Demo.example"); // addresses compare case-insensitively
        await Eventually.True("Ada's token names her person", async () => await AdasPersonClaimAsync() == registered.Name);

        // The address goes to someone else's record: Ada is nobody until a person has it again.
        registered.Email = "ada.lovelace@elsewhere.example";
        await admin.UpdatePersonAsync(new UpdatePersonRequest { Person = registered, UpdateMask = new FieldMask { Paths = { "email" } } });
        await Eventually.True("Ada's token names nobody", async () => await AdasPersonClaimAsync() is null);

        var again = await RegisterAdaAsync(FrontDoorPlatform.PersonEmail);
        await Eventually.True("Ada's token names her new person", async () => await AdasPersonClaimAsync() == again.Name);
    }

    [Fact]
    public async Task An_erased_person_is_nobodys_any_more()
    {
        var registered = await RegisterAdaAsync(FrontDoorPlatform.PersonEmail);
        await Eventually.True("Ada's token names her person", async () => await AdasPersonClaimAsync() == registered.Name);

        await admin.ErasePersonAsync(new ErasePersonRequest { Name = registered.Name });
        await Eventually.True("Ada's token names nobody", async () => await AdasPersonClaimAsync() is null);
    }
}
