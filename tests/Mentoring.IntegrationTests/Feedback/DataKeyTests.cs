using System.Security.Cryptography;
using Dapper;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Feedback;

/// <summary>
/// Master-key rotation without downtime: a replica started with a new active key rewraps every data
/// key, reads keep working throughout, and the old key can then be removed.
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

    private async Task<List<string>> MasterKeyIdsAsync()
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return (await c.QueryAsync<string>("SELECT DISTINCT master_key_id FROM feedback.data_key ORDER BY 1")).ToList();
    }
}
