using System.Text;
using Dapper;
using Grpc.Core;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.IntegrationTests.Support;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Feedback;

/// <summary>Session records: written after a held meeting, shared with the participants, private notes for the author, sealed at rest, audited.</summary>
public sealed class SessionRecordTests() : ServicesUnderTest("feedback")
{
    private FeedbackWorld world = null!;
    private FeedbackService.FeedbackServiceClient mentor = null!, mentee = null!, manager = null!, admin = null!;
    private string mentorPerson = null!, menteePerson = null!, relationship = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        world = new FeedbackWorld(Db);
        string token;
        (token, mentorPerson) = await TestIdentity.CastAsync("mentor");
        mentor = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        (token, menteePerson) = await TestIdentity.CastAsync("mentee");
        mentee = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        (token, _) = await TestIdentity.CastAsync("manager");
        manager = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        admin = Client<FeedbackService.FeedbackServiceClient>("feedback", await TestIdentity.AdministratorAsync());
        relationship = await world.RelationshipAsync([mentorPerson], [menteePerson], Mentoring.Contracts.Matching.V1.RelationshipState.Active);
    }

    private CreateSessionRecordRequest Record(string meeting, string privateNotes = "I worry about the reorg", string requestId = "") => new()
    {
        Parent = relationship, RequestId = requestId,
        SessionRecord = new SessionRecord
        {
            Meeting = meeting, Topics = { "Delegation", "Feedback conversations" }, Decisions = "Try weekly one-to-ones with the team",
            ActionItems = { new ActionItem { Text = "Book one-to-ones", Owner = menteePerson, DueDate = "2027-01-15", Goal = "Lead a team" } },
            SharedNotes = "Good progress on delegation", PrivateNotes = privateNotes,
        },
    };

    [Fact]
    public async Task A_record_is_written_after_the_meeting_was_held_and_private_notes_stay_with_the_author()
    {
        var meeting = await world.HeldMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromHours(2));

        var written = await mentee.CreateSessionRecordAsync(Record(meeting));
        Assert.Equal((menteePerson, meeting, "I worry about the reorg"), (written.Author, written.Meeting, written.PrivateNotes));

        var asMentor = await mentor.GetSessionRecordAsync(new GetSessionRecordRequest { Name = written.Name });
        Assert.Equal(["Delegation", "Feedback conversations"], asMentor.Topics);
        Assert.Equal("Good progress on delegation", asMentor.SharedNotes);
        Assert.Equal("", asMentor.PrivateNotes);
        Assert.Equal(menteePerson, asMentor.ActionItems.Single().Owner);

        var mine = await mentor.CreateSessionRecordAsync(Record(meeting, privateNotes: "Mentee is ready for more"));
        var listed = await mentee.ListSessionRecordsAsync(new ListSessionRecordsRequest { Parent = relationship });
        Assert.Equal(2, listed.SessionRecords.Count);
        Assert.Equal("I worry about the reorg", listed.SessionRecords.Single(r => r.Name == written.Name).PrivateNotes);
        Assert.Equal("", listed.SessionRecords.Single(r => r.Name == mine.Name).PrivateNotes);
    }

    [Fact]
    public async Task No_record_before_the_meeting_is_held_and_one_per_participant_and_meeting()
    {
        var notHeld = await Assert.ThrowsAsync<RpcException>(() => mentee.CreateSessionRecordAsync(Record($"meetings/{Guid.NewGuid()}")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notHeld.StatusCode);

        var meeting = await world.HeldMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromHours(1));
        var first = await mentee.CreateSessionRecordAsync(Record(meeting, requestId: "r-1"));
        var replay = await mentee.CreateSessionRecordAsync(Record(meeting, requestId: "r-1"));
        Assert.Equal(first.Name, replay.Name);
        var second = await Assert.ThrowsAsync<RpcException>(() => mentee.CreateSessionRecordAsync(Record(meeting)).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, second.StatusCode);
    }

    [Fact]
    public async Task Nobody_outside_the_relationship_reads_records_not_even_an_administrator()
    {
        var meeting = await world.HeldMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromHours(1));
        var written = await mentee.CreateSessionRecordAsync(Record(meeting));
        foreach (var outsider in new[] { manager, admin })
        {
            var get = await Assert.ThrowsAsync<RpcException>(() => outsider.GetSessionRecordAsync(new GetSessionRecordRequest { Name = written.Name }).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, get.StatusCode);
            var list = await Assert.ThrowsAsync<RpcException>(() => outsider.ListSessionRecordsAsync(new ListSessionRecordsRequest { Parent = relationship }).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, list.StatusCode);
        }
    }

    [Fact]
    public async Task The_database_alone_reveals_no_content()
    {
        var meeting = await world.HeldMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromHours(1));
        const string Marker = "zebra-7731-confidential";
        var request = Record(meeting, privateNotes: Marker);
        request.SessionRecord.SharedNotes = Marker;
        request.SessionRecord.Topics.Add(Marker);
        await mentee.CreateSessionRecordAsync(request);
        var agreement = new Agreement { Name = relationship + "/agreement", Scope = Marker, Trust = Marker };
        await mentee.UpdateAgreementAsync(new UpdateAgreementRequest { Agreement = agreement, UpdateMask = new() { Paths = { "scope", "trust" } } });
        await mentee.AnswerPulseAsync(new AnswerPulseRequest { Parent = relationship, Pulse = new Pulse { Meeting = meeting, Rating = 4, Comment = Marker } });
        await mentor.CreateGoalAsync(new CreateGoalRequest { Parent = relationship, Goal = new Goal { Title = Marker, Measure = Marker, Tasks = { new GoalTask { Text = Marker } } } });
        await mentee.CreateJournalEntryAsync(new CreateJournalEntryRequest { Parent = menteePerson, JournalEntry = new JournalEntry { Prompt = Marker, Body = Marker } });
        await mentee.UpdateGrowthPlanAsync(new UpdateGrowthPlanRequest
        {
            GrowthPlan = new GrowthPlan { Name = menteePerson + "/growthPlan", Objectives = Marker }, UpdateMask = new() { Paths = { "objectives" } },
        });

        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        var tables = (await c.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'feedback'")).ToList();
        Assert.Contains("session_record", tables);
        await using (var count = await data.OpenConnectionAsync())
            Assert.Equal(6, await count.ExecuteScalarAsync<int>(
                "SELECT (SELECT count(*) FROM feedback.session_record) + (SELECT count(*) FROM feedback.agreement) + (SELECT count(*) FROM feedback.pulse) + (SELECT count(*) FROM feedback.goal) + (SELECT count(*) FROM feedback.journal_entry) + (SELECT count(*) FROM feedback.growth_plan)"));
        foreach (var table in tables)
        {
            // Every column of every row, as text (bytea as hex) and as raw bytes decoded as UTF-8.
            var rows = await c.QueryAsync<string>($"SELECT t::text FROM feedback.{table} t");
            Assert.DoesNotContain(rows, r => r.Contains(Marker) || r.Contains(Convert.ToHexString(Encoding.UTF8.GetBytes(Marker)), StringComparison.OrdinalIgnoreCase));
        }
        // The audit log holds names of resources, not their content.
        Assert.DoesNotContain(await c.QueryAsync<string>("SELECT t::text FROM feedback.audit_log t"), r => r.Contains(Marker));
    }

    [Fact]
    public async Task Every_read_is_audited()
    {
        var meeting = await world.HeldMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromHours(1));
        var written = await mentee.CreateSessionRecordAsync(Record(meeting));
        await mentor.GetSessionRecordAsync(new GetSessionRecordRequest { Name = written.Name });
        await mentor.ListSessionRecordsAsync(new ListSessionRecordsRequest { Parent = relationship });

        var records = (await admin.ListAuditRecordsAsync(new ListAuditRecordsRequest())).Records;
        Assert.Contains(records, r => r.Action.EndsWith("/GetSessionRecord") && r.Resource == written.Name && r.Actor.Length > 0);
        Assert.Contains(records, r => r.Action.EndsWith("/ListSessionRecords") && r.Resource == relationship);
        Assert.Contains(records, r => r.Action.EndsWith("/CreateSessionRecord") && r.Resource == written.Name);
    }

    [Fact]
    public async Task Bad_input_names_every_field_and_stores_nothing()
    {
        var meeting = await world.HeldMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromHours(1));
        var request = Record(meeting);
        request.SessionRecord.Topics.Add("");
        request.SessionRecord.ActionItems.Add(new ActionItem { Text = "", DueDate = "next week", Owner = "bob" });
        request.SessionRecord.PrivateNotes = new string('p', 8001);

        var e = await Assert.ThrowsAsync<RpcException>(() => mentee.CreateSessionRecordAsync(request).ResponseAsync);
        Assert.Equal(
            ["session_record.topics[2]", "session_record.private_notes", "session_record.action_items[1].text",
             "session_record.action_items[1].owner", "session_record.action_items[1].due_date"],
            ViolatedFields(e));
        var foreignOwner = Record(meeting);
        foreignOwner.SessionRecord.ActionItems[0].Owner = $"people/{Guid.NewGuid()}";
        Assert.Equal(["session_record.action_items.owner"],
            ViolatedFields(await Assert.ThrowsAsync<RpcException>(() => mentee.CreateSessionRecordAsync(foreignOwner).ResponseAsync)));
        var badPage = await Assert.ThrowsAsync<RpcException>(() => mentee.ListSessionRecordsAsync(new ListSessionRecordsRequest { Parent = relationship, PageToken = "nope" }).ResponseAsync);
        Assert.Equal(["page_token"], ViolatedFields(badPage));

        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM feedback.session_record"));
    }

    [Fact]
    public async Task Pages_are_newest_meeting_first_and_complete()
    {
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var meeting = await world.HeldMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromDays(i + 1));
            names.Add((await mentee.CreateSessionRecordAsync(Record(meeting))).Name);
        }
        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await mentor.ListSessionRecordsAsync(new ListSessionRecordsRequest { Parent = relationship, PageSize = 2, PageToken = token });
            seen.AddRange(page.SessionRecords.Select(r => r.Name));
            token = page.NextPageToken;
        } while (token.Length > 0);
        Assert.Equal(names, seen);
    }
}
