using Mentoring.BuildingBlocks.Protection;
using System.Security.Cryptography;
using Dapper;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Feedback;

/// <summary>
/// Key rotation without downtime: a replica started with a new active master key rewraps every data
/// key, reads keep working throughout, and the old key can then be removed; an administrator rotates
/// the organisation's data key, and what older versions sealed still opens.
/// </summary>
public sealed class DataKeyTests() : ServicesUnderTest("feedback")
{
    private static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) => new Dictionary<string, string?>
    {
        ["Feedback:Encryption:MasterKeys:old"] = OldKey, ["Feedback:Encryption:ActiveMasterKey"] = "old",
    };

    [Fact]
    public async Task A_new_master_key_rewraps_the_data_keys_and_content_stays_readable()
    {
        var world = new FeedbackWorld(Db);
        var (token, mentorPerson) = await TestIdentity.CastAsync("mentor");
        var (menteeToken, menteePerson) = await TestIdentity.CastAsync("mentee");
        var relationship = await world.RelationshipAsync([mentorPerson], [menteePerson]);
        var meeting = await world.HeldMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromHours(1));
        var before = Client<FeedbackService.FeedbackServiceClient>("feedback", menteeToken);
        var written = await before.CreateSessionRecordAsync(new CreateSessionRecordRequest
        {
            Parent = relationship, SessionRecord = new SessionRecord { Meeting = meeting, SharedNotes = "shared", PrivateNotes = "mine" },
        });
        Assert.Equal(["old"], await MasterKeyIdsAsync());

        // Rolling restart: a replica with both keys, the new one active, runs beside the old one.
        await using (var rotated = await Apps.StartAsync("feedback", Db, new Dictionary<string, string?>
                     {
                         ["Feedback:Encryption:MasterKeys:old"] = OldKey, ["Feedback:Encryption:MasterKeys:new"] = NewKey,
                         ["Feedback:Encryption:ActiveMasterKey"] = "new",
                     }))
        {
            await Eventually.True("every data key is wrapped by the new master key", async () => (await MasterKeyIdsAsync()).SequenceEqual(["new"]));
            var during = new FeedbackService.FeedbackServiceClient(rotated.CreateChannel(menteeToken));
            Assert.Equal("mine", (await during.GetSessionRecordAsync(new GetSessionRecordRequest { Name = written.Name })).PrivateNotes);
        }

        // The old key is gone from configuration: content still opens.
        await using var after = await Apps.StartAsync("feedback", Db, new Dictionary<string, string?>
        {
            ["Feedback:Encryption:MasterKeys:new"] = NewKey, ["Feedback:Encryption:ActiveMasterKey"] = "new",
        });
        var client = new FeedbackService.FeedbackServiceClient(after.CreateChannel(token));
        var read = await client.GetSessionRecordAsync(new GetSessionRecordRequest { Name = written.Name });
        Assert.Equal(("shared", ""), (read.SharedNotes, read.PrivateNotes));
    }

    [Fact]
    public async Task An_administrator_rotates_the_data_key_and_what_was_sealed_before_still_opens()
    {
        var world = new FeedbackWorld(Db);
        var (mentorToken, mentorPerson) = await TestIdentity.CastAsync("mentor");
        var (menteeToken, menteePerson) = await TestIdentity.CastAsync("mentee");
        var relationship = await world.RelationshipAsync([mentorPerson], [menteePerson]);
        var meeting = await world.HeldMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromHours(1));
        var mentee = Client<FeedbackService.FeedbackServiceClient>("feedback", menteeToken);
        var mentor = Client<FeedbackService.FeedbackServiceClient>("feedback", mentorToken);
        var admin = await ClientAsync<FeedbackService.FeedbackServiceClient>("feedback", TestIdentity.AdministratorAsync());
        var first = await mentee.CreateSessionRecordAsync(new CreateSessionRecordRequest
        {
            Parent = relationship, SessionRecord = new SessionRecord { Meeting = meeting, SharedNotes = "before", PrivateNotes = "mine before" },
        });

        var rotated = await admin.RotateDataKeyAsync(new RotateDataKeyRequest());
        Assert.Equal(("dataKey", 2), (rotated.Name, rotated.Version));
        var second = await mentor.CreateSessionRecordAsync(new CreateSessionRecordRequest
        {
            Parent = relationship, SessionRecord = new SessionRecord { Meeting = meeting, SharedNotes = "after", PrivateNotes = "mine after" },
        });

        Assert.Equal([(first.Name, 1), (second.Name, 2)], await KeyVersionsAsync());
        Assert.Equal("mine before", (await mentee.GetSessionRecordAsync(new GetSessionRecordRequest { Name = first.Name })).PrivateNotes);
        Assert.Equal("mine after", (await mentor.GetSessionRecordAsync(new GetSessionRecordRequest { Name = second.Name })).PrivateNotes);

        var person = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => mentee.RotateDataKeyAsync(new RotateDataKeyRequest()).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, person.StatusCode);
        Assert.Equal(3, (await admin.RotateDataKeyAsync(new RotateDataKeyRequest())).Version);
    }

    /// <summary>The data-key version each session record's private notes were sealed with, oldest record first.</summary>
    private async Task<List<(string Name, int Version)>> KeyVersionsAsync()
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        var rows = await c.QueryAsync<(Guid Relationship, Guid Id, byte[] Notes)>(
            "SELECT relationship_id, id, private_notes FROM feedback.session_record ORDER BY created_at, id");
        return rows.Select(r => ($"relationships/{r.Relationship}/sessionRecords/{r.Id}", Aead.KeyVersion(r.Notes))).ToList();
    }

    private async Task<List<string>> MasterKeyIdsAsync()
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return (await c.QueryAsync<string>("SELECT DISTINCT master_key_id FROM feedback.data_key ORDER BY 1")).ToList();
    }
}
