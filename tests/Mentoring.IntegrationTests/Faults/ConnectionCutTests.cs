using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Npgsql;
using static Mentoring.IntegrationTests.Support.Samples;
using CutPoint = Mentoring.Testing.TcpCutProxy.CutPoint;

namespace Mentoring.IntegrationTests.Faults;

/// <summary>
/// The database's TCP connection cut in the middle of a registration's transaction, through a
/// proxy between profile and PostgreSQL (<see cref="TcpCutProxy"/>): once before the COMMIT reaches
/// the server (it rolls back) and once after the server committed but before the client heard so
/// (the answer is lost). In both cases the caller is answered OK and there is exactly one whole
/// effect — one person, one outbox event for them — never none, half, or two.
/// </summary>
public sealed class ConnectionCutTests
{
    [Theory]
    [InlineData(CutPoint.BeforeTheServerCommits)]
    [InlineData(CutPoint.AfterTheServerCommitted)]
    public async Task A_connection_cut_at_commit_leaves_exactly_one_whole_registration(CutPoint point)
    {
        var db = await Databases.FreshAsync();
        var direct = new NpgsqlConnectionStringBuilder(db.ServiceConnectionString("profile"));
        await using var proxy = TcpCutProxy.To(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port };
        await using var profile = await Apps.StartAsync("profile", db, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Service"] = viaProxy.ConnectionString,
        });
        var client = new ProfileService.ProfileServiceClient(profile.CreateChannel(await TestIdentity.PartnerAsync()));

        var marker = $"Cut {point} {Guid.NewGuid():N}";
        var cut = proxy.CutAtCommitOf(marker, point);
        var registered = await client.RegisterPersonAsync(new RegisterPersonRequest { Person = Person(marker, PersonRole.Mentee, SeniorityLevel.Junior) });

        Assert.True(cut.IsCompletedSuccessfully, "the proxy cut the registration's connection at its COMMIT");
        Assert.Equal(marker, registered.DisplayName);
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM profile.person WHERE display_name = @marker", new { marker }));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM profile.person WHERE 'people/' || id = @name", new { name = registered.Name }));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM profile.outbox WHERE envelope->'data'->'person'->>'displayName' = @marker", new { marker }));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM profile.outbox WHERE envelope->'data'->'person'->>'name' = @name", new { name = registered.Name }));
    }
}
