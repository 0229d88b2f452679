using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Feedback.V1;
using RelationshipState = Mentoring.Contracts.Matching.V1.RelationshipState;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.IntegrationTests.Feedback;

/// <summary>The agreement of a relationship: drafting, etags, signing by everyone, new versions, privacy, bad input.</summary>
public sealed class AgreementTests() : ServicesUnderTest("feedback")
{
    private FeedbackWorld world = null!;
    private FeedbackService.FeedbackServiceClient mentor = null!, mentee = null!, manager = null!, admin = null!, partner = null!;
    private string mentorPerson = null!, menteePerson = null!, relationship = null!;

    private string Name => relationship + "/agreement";

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
        partner = Client<FeedbackService.FeedbackServiceClient>("feedback", await TestIdentity.PartnerAsync());
        relationship = await world.RelationshipAsync([mentorPerson], [menteePerson]);
    }

    private Agreement Draft(string etag = "") => new()
    {
        Name = Name, Etag = etag,
        Goals = new AgreementGoals
        {
            Parties = { new PartyGoals { Party = menteePerson, Goals = "Lead a team within a year" }, new PartyGoals { Party = mentorPerson, Goals = "Practise coaching" } },
            Alignment = "Both want the mentee leading by next winter",
        },
        Scope = "No salary negotiations", Trust = "What we say stays between us",
        Fit = new AgreementFit { CheckIn = "Ask each other every month", CheckIntervalDays = 30, Exit = "Either may end it, no questions asked" },
        Logistics = new AgreementLogistics
        {
            FirstStart = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd") + "T10:00", TimeZone = "Europe/London",
            Recurrence = "FREQ=WEEKLY;COUNT=12", DurationMinutes = 60, Format = Proto.MeetingFormat.Video,
            JoinUrl = "https://meet.example/weekly", NoticeHours = 48, AgendaBeforehand = true,
        },
    };

    private static UpdateAgreementRequest Update(Agreement a, params string[] paths) => new() { Agreement = a, UpdateMask = new FieldMask { Paths = { paths.Length == 0 ? ["*"] : paths } } };

    [Fact]
    public async Task An_empty_draft_exists_until_someone_writes_it()
    {
        var empty = await mentee.GetAgreementAsync(new GetAgreementRequest { Name = Name });

        Assert.Equal((AgreementState.Draft, "\"0\"", 0), (empty.State, empty.Etag, empty.Version));
        Assert.Equal([mentorPerson, menteePerson], empty.Signatories);
        Assert.Null(empty.Logistics);
    }

    [Fact]
    public async Task Every_participant_signs_the_version_they_read_and_then_the_logistics_are_published()
    {
        var draft = await mentee.UpdateAgreementAsync(Update(Draft()));
        Assert.Equal((AgreementState.Draft, 1), (draft.State, draft.Version));
        Assert.Equal(menteePerson, draft.UpdatedBy);

        var half = await mentee.SignAgreementAsync(new SignAgreementRequest { Name = Name, Etag = draft.Etag });
        Assert.Equal(AgreementState.Draft, half.State);
        Assert.Equal([menteePerson], half.Signatures.Select(s => s.Signer));
        Assert.Equal(0, await world.QueuedAsync<AgreementSigned>());

        var signed = await mentor.SignAgreementAsync(new SignAgreementRequest { Name = Name, Etag = half.Etag });
        Assert.Equal(AgreementState.Signed, signed.State);
        Assert.Equal([menteePerson, mentorPerson], signed.Signatures.Select(s => s.Signer));

        var published = await Eventually.Until("AgreementSigned is published", async () =>
            (await EventBus.ReadAsync<AgreementSigned>(Db)).SingleOrDefault(e => e.Relationship == relationship));
        Assert.Equal(1, published.Version);
        Assert.Equal(Draft().Logistics, published.Logistics);
        Assert.Equal([mentorPerson, menteePerson], published.Signatories);

        // Signing again changes nothing and publishes nothing more.
        await mentor.SignAgreementAsync(new SignAgreementRequest { Name = Name, Etag = signed.Etag });
        Assert.Equal(1, await world.QueuedAsync<AgreementSigned>());
    }

    [Fact]
    public async Task A_change_after_signing_is_a_new_version_that_needs_every_signature_again()
    {
        var v1 = await mentee.UpdateAgreementAsync(Update(Draft()));
        v1 = await mentee.SignAgreementAsync(new SignAgreementRequest { Name = Name, Etag = v1.Etag });
        v1 = await mentor.SignAgreementAsync(new SignAgreementRequest { Name = Name, Etag = v1.Etag });

        var changed = Draft(v1.Etag);
        changed.Scope = "No salary negotiations, no performance reviews";
        var v2 = await mentor.UpdateAgreementAsync(Update(changed, "scope"));

        Assert.Equal((AgreementState.Draft, 2), (v2.State, v2.Version));
        Assert.Empty(v2.Signatures);
        Assert.Equal(changed.Scope, v2.Scope);
        Assert.Equal(Draft().Trust, v2.Trust); // parts outside the mask are kept

        v2 = await mentor.SignAgreementAsync(new SignAgreementRequest { Name = Name, Etag = v2.Etag });
        v2 = await mentee.SignAgreementAsync(new SignAgreementRequest { Name = Name, Etag = v2.Etag });
        Assert.Equal(AgreementState.Signed, v2.State);
        var events = await Eventually.Until("both versions are published", async () =>
            (await EventBus.ReadAsync<AgreementSigned>(Db)) is { Count: 2 } all ? all : null);
        Assert.Equal([1, 2], events.Select(e => e.Version).Order());
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        Assert.Equal(2, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM feedback.agreement_version"));
    }

    [Fact]
    public async Task A_stale_etag_is_refused_for_writing_and_for_signing()
    {
        var first = await mentee.UpdateAgreementAsync(Update(Draft()));
        var changed = Draft(first.Etag);
        changed.Trust = "Honest, kind, and private";
        await mentor.UpdateAgreementAsync(Update(changed, "trust"));

        var write = await Assert.ThrowsAsync<RpcException>(() => mentee.UpdateAgreementAsync(Update(Draft(first.Etag), "scope")).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, write.StatusCode);
        var sign = await Assert.ThrowsAsync<RpcException>(() => mentee.SignAgreementAsync(new SignAgreementRequest { Name = Name, Etag = first.Etag }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, sign.StatusCode);
    }

    [Fact]
    public async Task Nobody_outside_the_relationship_reads_or_writes_it()
    {
        await mentee.UpdateAgreementAsync(Update(Draft()));
        foreach (var outsider in new[] { manager, admin, partner })
        {
            var read = await Assert.ThrowsAsync<RpcException>(() => outsider.GetAgreementAsync(new GetAgreementRequest { Name = Name }).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, read.StatusCode);
            var write = await Assert.ThrowsAsync<RpcException>(() => outsider.UpdateAgreementAsync(Update(Draft())).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, write.StatusCode);
        }
    }

    [Fact]
    public async Task Reads_and_writes_are_audited()
    {
        await mentee.UpdateAgreementAsync(Update(Draft()));
        await mentor.GetAgreementAsync(new GetAgreementRequest { Name = Name });

        var records = (await admin.ListAuditRecordsAsync(new ListAuditRecordsRequest())).Records;
        Assert.Contains(records, r => r.Action.EndsWith("/GetAgreement") && r.Resource == Name && r.Outcome == "OK");
        Assert.Contains(records, r => r.Action.EndsWith("/UpdateAgreement") && r.Resource == Name && r.Outcome == "OK");
    }

    [Fact]
    public async Task Bad_input_names_every_field_and_stores_nothing()
    {
        var bad = Draft();
        bad.Logistics.Recurrence = "FREQ=WEEKLY"; // never ends
        bad.Logistics.TimeZone = "Mars/Olympus";
        bad.Logistics.JoinUrl = "http://insecure.example";
        bad.Logistics.DurationMinutes = 2;
        bad.Fit.CheckIntervalDays = 3;
        bad.Scope = new string('x', 4001);
        bad.Goals.Parties.Add(new PartyGoals { Party = "someone" });

        var e = await Assert.ThrowsAsync<RpcException>(() => mentee.UpdateAgreementAsync(Update(bad)).ResponseAsync);
        Assert.Equal(
            ["agreement.goals.parties[2].party", "agreement.scope", "agreement.fit.check_interval_days", "agreement.logistics.time_zone",
             "agreement.logistics.recurrence", "agreement.logistics.duration_minutes", "agreement.logistics.join_url"],
            ViolatedFields(e));
        var mask = await Assert.ThrowsAsync<RpcException>(() => mentee.UpdateAgreementAsync(Update(Draft(), "salary")).ResponseAsync);
        Assert.Equal(["update_mask"], ViolatedFields(mask));
        var outsider = Draft();
        outsider.Goals.Parties[0].Party = $"people/{Guid.NewGuid()}";
        var notParty = await Assert.ThrowsAsync<RpcException>(() => mentee.UpdateAgreementAsync(Update(outsider)).ResponseAsync);
        Assert.Equal(["agreement.goals.parties"], ViolatedFields(notParty));

        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM feedback.agreement"));
    }

    [Fact]
    public async Task Signing_needs_a_text_and_a_live_relationship()
    {
        var empty = await Assert.ThrowsAsync<RpcException>(() => mentee.SignAgreementAsync(new SignAgreementRequest { Name = Name, Etag = "\"0\"" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, empty.StatusCode);

        var draft = await mentee.UpdateAgreementAsync(Update(Draft()));
        await world.StateAsync(relationship, [mentorPerson], [menteePerson], RelationshipState.Closed, version: 2);
        var closed = await Assert.ThrowsAsync<RpcException>(() => mentee.SignAgreementAsync(new SignAgreementRequest { Name = Name, Etag = draft.Etag }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
    }
}
