using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using CredentialingStep = Mentoring.Contracts.Profile.V1.CredentialingStep;
using StepOutcome = Mentoring.Contracts.Profile.V1.StepOutcome;

namespace Mentoring.IntegrationTests.Feedback;

/// <summary>
/// Credentialing observations: the organisation's rubric per observed step, the observing mentor's
/// ratings giving the outcome, <c>ObservationCompleted</c> queued for profile, and who may read what.
/// </summary>
public sealed class ObservationTests() : ServicesUnderTest("feedback")
{
    private FeedbackService.FeedbackServiceClient observer = null!, candidate = null!, colleague = null!, admin = null!;
    private string observerPerson = null!, candidatePerson = null!;
    private FeedbackWorld world = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        string token;
        (token, observerPerson) = await TestIdentity.CastAsync("mentor");
        observer = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        (token, candidatePerson) = await TestIdentity.CastAsync("mentee");
        candidate = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        (token, _) = await TestIdentity.CastAsync("colleague");
        colleague = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        admin = await ClientAsync<FeedbackService.FeedbackServiceClient>("feedback", TestIdentity.AdministratorAsync());
        world = new FeedbackWorld(Db);
        await world.PersonAsync(candidatePerson, "Candidate");
    }

    private const string Independent = "observationRubrics/independentSession";

    /// <summary>Every criterion of the rubric rated, met unless named in <paramref name="notMet"/>.</summary>
    private static Observation Filled(ObservationRubric rubric, CredentialingStep step, params string[] notMet)
    {
        var o = new Observation { Step = step, Notes = "Held the silence well; rushed the close.", OccurTime = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(-2)) };
        o.Ratings.AddRange(rubric.Criteria.Select(c => new CriterionRating { Criterion = c.Id, Met = !notMet.Contains(c.Id) }));
        return o;
    }

    private async Task<long> CountAsync(string table)
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM feedback.{table}");
    }

    [Fact]
    public async Task Every_observed_step_has_a_default_rubric_that_administrators_replace_with_their_own()
    {
        foreach (var step in new[] { "structuredObservation", "coMentoring", "independentSession" })
        {
            var rubric = await candidate.GetObservationRubricAsync(new GetObservationRubricRequest { Name = $"observationRubrics/{step}" });
            Assert.True(rubric.Defaults);
            Assert.Contains(rubric.Criteria, c => c.Crucial);
            Assert.Equal("\"0\"", rubric.Etag);
        }

        var own = new ObservationRubric { Name = Independent, PassPercent = 100, Etag = "\"0\"" };
        own.Criteria.Add(new RubricCriterion { Id = "listening", Description = "Listens more than talks", Crucial = true });
        own.Criteria.Add(new RubricCriterion { Id = "actions", Description = "Agrees actions" });
        var saved = await admin.UpdateObservationRubricAsync(new UpdateObservationRubricRequest { ObservationRubric = own });
        Assert.False(saved.Defaults);
        Assert.Equal(["listening", "actions"], saved.Criteria.Select(c => c.Id));
        Assert.Equal(saved, await observer.GetObservationRubricAsync(new GetObservationRubricRequest { Name = Independent }));

        // A stale etag, a person, and a malformed rubric change nothing.
        var stale = await Assert.ThrowsAsync<RpcException>(() => admin.UpdateObservationRubricAsync(new UpdateObservationRubricRequest { ObservationRubric = own }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        var person = await Assert.ThrowsAsync<RpcException>(() => observer.UpdateObservationRubricAsync(new UpdateObservationRubricRequest { ObservationRubric = saved }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, person.StatusCode);
        var bad = new ObservationRubric { Name = Independent, PassPercent = 101 };
        bad.Criteria.Add(new RubricCriterion { Id = "Bad Id", Description = "" });
        bad.Criteria.Add(new RubricCriterion { Id = "x", Description = "fine" });
        bad.Criteria.Add(new RubricCriterion { Id = "x", Description = "twice" });
        var invalid = await Assert.ThrowsAsync<RpcException>(() => admin.UpdateObservationRubricAsync(new UpdateObservationRubricRequest { ObservationRubric = bad }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(
            ["observation_rubric.criteria[0].description", "observation_rubric.criteria[0].id", "observation_rubric.criteria[2].id", "observation_rubric.pass_percent"],
            Samples.ViolatedFields(invalid).Order());
        var unknown = await Assert.ThrowsAsync<RpcException>(() => admin.GetObservationRubricAsync(new GetObservationRubricRequest { Name = "observationRubrics/selection" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.Equal(saved, await admin.GetObservationRubricAsync(new GetObservationRubricRequest { Name = Independent }));
    }

    [Fact]
    public async Task The_rubric_gives_the_outcome_and_profile_is_told_without_the_observers_notes()
    {
        var rubric = await observer.GetObservationRubricAsync(new GetObservationRubricRequest { Name = Independent });
        var crucial = rubric.Criteria.First(c => c.Crucial).Id;
        var minor = rubric.Criteria.First(c => !c.Crucial).Id;

        var passed = await observer.CreateObservationAsync(new CreateObservationRequest { Parent = candidatePerson, Observation = Filled(rubric, CredentialingStep.IndependentSession, minor) });
        Assert.Equal((StepOutcome.Passed, observerPerson), (passed.Outcome, passed.Observer));
        Assert.StartsWith($"{candidatePerson}/observations/", passed.Name);
        var failed = await observer.CreateObservationAsync(new CreateObservationRequest { Parent = candidatePerson, Observation = Filled(rubric, CredentialingStep.IndependentSession, crucial) });
        Assert.Equal(StepOutcome.Failed, failed.Outcome);
        Assert.Equal(rubric.Criteria, failed.Rubric.Criteria);

        await Eventually.True("both observations reach the bus", async () => (await EventBus.ReadAsync<ObservationCompleted>(Db)).Count == 2);
        var events = await EventBus.ReadAsync<ObservationCompleted>(Db);
        var sent = events.Single(e => e.Observation == failed.Name);
        Assert.Equal((candidatePerson, observerPerson, CredentialingStep.IndependentSession, StepOutcome.Failed),
            (sent.Candidate, sent.Observer, sent.Step, sent.Outcome));
        Assert.Contains(rubric.Criteria.First(c => c.Crucial).Description, sent.Summary);
        Assert.All(events, e => Assert.DoesNotContain("silence", e.ToString()));

        // The notes are sealed at rest.
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        var stored = await c.QueryAsync<byte[]>("SELECT notes FROM feedback.observation");
        Assert.All(stored, n => Assert.DoesNotContain("silence", System.Text.Encoding.UTF8.GetString(n)));
    }

    [Fact]
    public async Task The_candidate_the_observer_and_administrators_read_it_and_nobody_else_learns_it_exists()
    {
        var rubric = await observer.GetObservationRubricAsync(new GetObservationRubricRequest { Name = "observationRubrics/coMentoring" });
        var made = await observer.CreateObservationAsync(new CreateObservationRequest { Parent = candidatePerson, Observation = Filled(rubric, CredentialingStep.CoMentoring) });

        foreach (var reader in new[] { observer, candidate, admin })
        {
            var read = await reader.GetObservationAsync(new GetObservationRequest { Name = made.Name });
            Assert.Equal(("Held the silence well; rushed the close.", StepOutcome.Passed), (read.Notes, read.Outcome));
        }
        var hidden = await Assert.ThrowsAsync<RpcException>(() => colleague.GetObservationAsync(new GetObservationRequest { Name = made.Name }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        Assert.Equal([made.Name], (await candidate.ListObservationsAsync(new ListObservationsRequest { Parent = candidatePerson })).Observations.Select(o => o.Name));
        Assert.Equal([made.Name], (await admin.ListObservationsAsync(new ListObservationsRequest { Parent = candidatePerson })).Observations.Select(o => o.Name));
        Assert.Empty((await colleague.ListObservationsAsync(new ListObservationsRequest { Parent = candidatePerson })).Observations);

        // Reads of an observation are audited.
        var audit = await admin.ListAuditRecordsAsync(new ListAuditRecordsRequest { PageSize = 100 });
        Assert.Equal(3, audit.Records.Count(r => r.Resource == made.Name && r.Action.EndsWith("/GetObservation") && r.Outcome == "OK"));
    }

    [Fact]
    public async Task A_retry_with_the_same_request_id_returns_the_observation_already_made()
    {
        var rubric = await observer.GetObservationRubricAsync(new GetObservationRubricRequest { Name = Independent });
        var request = new CreateObservationRequest { Parent = candidatePerson, Observation = Filled(rubric, CredentialingStep.IndependentSession), RequestId = "obs-1" };
        var first = await observer.CreateObservationAsync(request);
        var again = await observer.CreateObservationAsync(request);
        Assert.Equal(first.Name, again.Name);
        Assert.Equal(1, await CountAsync("observation"));
        Assert.Equal(1, await world.QueuedAsync<ObservationCompleted>());
    }

    [Fact]
    public async Task Bad_observations_are_field_violations_and_nothing_is_stored()
    {
        var rubric = await observer.GetObservationRubricAsync(new GetObservationRubricRequest { Name = Independent });
        var partial = Filled(rubric, CredentialingStep.IndependentSession);
        partial.Ratings.RemoveAt(0);
        partial.Ratings.Add(new CriterionRating { Criterion = "not-in-rubric", Met = true });
        partial.Ratings.Add(partial.Ratings[0].Clone());
        var cases = new (CreateObservationRequest Request, string[] Fields)[]
        {
            (new() { Parent = candidatePerson }, ["observation"]),
            (new() { Parent = "people/nope", Observation = Filled(rubric, CredentialingStep.Selection) }, ["observation.step", "parent"]),
            (new() { Parent = candidatePerson, Observation = new Observation { Step = CredentialingStep.IndependentSession, Relationship = "meetings/1", OccurTime = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(1)) } },
                ["observation.occur_time", "observation.ratings", "observation.relationship"]),
            (new() { Parent = candidatePerson, Observation = partial }, ["observation.ratings", "observation.ratings[7].criterion", "observation.ratings[8].criterion"]),
            (new() { Parent = observerPerson, Observation = Filled(rubric, CredentialingStep.IndependentSession) }, ["parent"]),
            (new() { Parent = candidatePerson, Observation = new Observation(Filled(rubric, CredentialingStep.IndependentSession)) { Relationship = $"relationships/{Guid.NewGuid()}" } },
                ["observation.relationship"]),
        };
        foreach (var (request, fields) in cases)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => observer.CreateObservationAsync(request).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.Equal(fields, Samples.ViolatedFields(e).Order().ToArray());
        }
        var unknownCandidate = await Assert.ThrowsAsync<RpcException>(() => observer.CreateObservationAsync(
            new CreateObservationRequest { Parent = $"people/{Guid.NewGuid()}", Observation = Filled(rubric, CredentialingStep.IndependentSession) }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknownCandidate.StatusCode);
        Assert.Equal(0, await CountAsync("observation"));
        Assert.Equal(0, await world.QueuedAsync<ObservationCompleted>());
    }
}
