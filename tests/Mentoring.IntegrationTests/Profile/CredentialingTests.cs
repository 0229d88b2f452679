using Dapper;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>Mentor credentialing: application, the steps in order with evidence, the credential, the funnel.</summary>
public sealed class CredentialingTests() : ServicesUnderTest("profile")
{
    private ProfileService.ProfileServiceClient admin = null!;
    private ProfileService.ProfileServiceClient partner = null!;
    private ProfileService.ProfileServiceClient person = null!;
    private string self = null!;

    private static readonly string[] Modules = ["adult-learning", "levels-of-learning", "problem-solving", "strategic-planning", "ethics"];

    // The organisation requires one module more than the defaults.
    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) =>
        new Dictionary<string, string?> { ["Credentialing:ExtraModules:acme:0"] = "Ethics" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        admin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
        partner = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync());
        person = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PersonAsync());
        self = (await TestIdentity.TenantAsync(TestIdentity.Acme)).Person;
    }

    private async Task<string> NewPersonAsync(string name = "Ada") =>
        (await partner.RegisterPersonAsync(Register(Person(name, PersonRole.Mentor, SeniorityLevel.Senior)))).Name;

    /// <summary>The signed-in person of the test tenant exists in profile under the id of their token.</summary>
    private async Task RegisterSelfAsync()
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO profile.person (tenant_id, id, display_name, email, area_of_work, seniority_level, roles, time_zone)
            VALUES ('acme', @id, 'Self', gen_random_uuid() || '@example.org', 'engineering', 4, '{1}', 'UTC')
            """, new { id = Guid.Parse(self["people/".Length..]) });
    }

    private static MentorApplication Application(bool declaration = true) => new()
    {
        Motivation = "I want to give back what I was given.",
        Competencies = { "negotiation", "career planning" },
        MonthlyHours = 6,
        DeclaresNoSupervisionOfMentees = declaration,
    };

    private static string Pipeline(string personName) => $"{personName}/credentialing";

    private Task<Credentialing> ApplyAsync(string personName, ProfileService.ProfileServiceClient? as_ = null, bool declaration = true) =>
        (as_ ?? admin).ApplyForCredentialAsync(new ApplyForCredentialRequest { Name = Pipeline(personName), Application = Application(declaration) }).ResponseAsync;

    /// <summary>An accomplished mentor from outside the organisation, as its first mentors are observed.</summary>
    private const string ExternalObserver = "external/Grace Hopper";

    private Task<Credentialing> RecordAsync(
        string personName, CredentialingStep step, StepOutcome outcome = StepOutcome.Passed, string module = "", string notes = "",
        ProfileService.ProfileServiceClient? as_ = null, string? reviewer = null) =>
        (as_ ?? admin).RecordCredentialingStepAsync(new RecordCredentialingStepRequest
        {
            Name = Pipeline(personName), Step = step, Outcome = outcome, Module = module, Notes = notes,
            Reviewer = reviewer ?? (step is CredentialingStep.StructuredObservation or CredentialingStep.CoMentoring or CredentialingStep.IndependentSession
                ? ExternalObserver : "people/00000000-0000-0000-0000-0000000000aa"),
            OccurTime = Timestamp.FromDateTime(DateTime.UtcNow),
        }).ResponseAsync;

    private async Task TrainAsync(string personName)
    {
        foreach (var module in Modules) await RecordAsync(personName, CredentialingStep.ContentTraining, module: module);
    }

    /// <summary>Walks a fresh application to the credential.</summary>
    private async Task<Credentialing> CredentialAsync(string personName, DateTime? expiry = null)
    {
        await RecordAsync(personName, CredentialingStep.Selection);
        await TrainAsync(personName);
        await RecordAsync(personName, CredentialingStep.StructuredObservation);
        await RecordAsync(personName, CredentialingStep.CoMentoring);
        await RecordAsync(personName, CredentialingStep.IndependentSession);
        return await admin.GrantInitialCredentialAsync(new GrantInitialCredentialRequest
        {
            Name = Pipeline(personName), Reviewer = "people/00000000-0000-0000-0000-0000000000bb",
            ExpireTime = expiry is { } e ? Timestamp.FromDateTime(e) : null,
        });
    }

    /// <summary>
    /// The signed-in person credentialed (an accomplished mentor, optionally until <paramref name="expiry"/>), and a
    /// new candidate, Ada, selected and trained: her next step is the structured observation.
    /// </summary>
    private async Task<string> CandidateAwaitingObservationAsync(DateTime? expiry = null)
    {
        await RegisterSelfAsync();
        await ApplyAsync(self, as_: person);
        await CredentialAsync(self, expiry);
        var ada = await NewPersonAsync("Ada");
        await ApplyAsync(ada);
        await RecordAsync(ada, CredentialingStep.Selection);
        await TrainAsync(ada);
        return ada;
    }

    private async Task<List<T>> EventsAsync<T>(string topic) where T : IMessage
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        var envelopes = await c.QueryAsync<string>("SELECT envelope::text FROM profile.outbox WHERE topic = @topic ORDER BY position", new { topic });
        return envelopes.Select(e => (T)CloudEvent.FromJson(e).ParseData()).ToList();
    }

    private static async Task<StatusCode> StatusOf(Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        return e.StatusCode;
    }

    [Fact]
    public async Task The_full_path_from_application_to_credential_and_renewal_emits_every_transition()
    {
        await RegisterSelfAsync();
        var applied = await ApplyAsync(self, as_: person);
        Assert.Equal((Pipeline(self), self, CredentialingState.InProgress, CredentialingStep.Selection),
            (applied.Name, applied.Person, applied.State, applied.CurrentStep));
        Assert.Equal(Modules, applied.RequiredModules);
        Assert.Equal(["negotiation", "career planning"], applied.Application.Competencies);
        var application = Assert.Single(applied.Evidence);
        Assert.Equal((CredentialingStep.Application, StepOutcome.Passed, self), (application.Step, application.Outcome, application.Reviewer));

        // Whole seconds: PostgreSQL keeps microseconds, .NET ticks are finer.
        var expiry = DateTime.UtcNow.AddYears(2);
        expiry = new DateTime(expiry.Ticks - expiry.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var credentialed = await CredentialAsync(self, expiry);
        Assert.Equal((CredentialingState.Credentialed, CredentialingStep.InitialCredential), (credentialed.State, credentialed.CurrentStep));
        // The right of access includes the pipeline and its evidence.
        var export = await admin.ExportPersonAsync(new ExportPersonRequest { Name = self });
        Assert.Equal(credentialed, export.Credentialing);
        Assert.NotNull(credentialed.CredentialTime);
        Assert.Equal(Timestamp.FromDateTime(expiry), credentialed.ExpireTime);
        Assert.Equal(Modules.Order(), credentialed.CompletedModules.Order());
        Assert.Equal(
            [
                "Application", "Selection", .. Modules.Select(m => $"ContentTraining {m}"),
                "StructuredObservation", "CoMentoring", "IndependentSession", "InitialCredential",
            ],
            credentialed.Evidence.Select(e => e.Module.Length > 0 ? $"{e.Step} {e.Module}" : e.Step.ToString()));
        Assert.All(credentialed.Evidence.Skip(1), e => Assert.Equal(StepOutcome.Passed, e.Outcome));

        // The person reads their own pipeline, the whole history included.
        Assert.Equal(credentialed, await person.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(self) }));

        var renewed = await admin.RenewCredentialAsync(new RenewCredentialRequest
        {
            Name = Pipeline(self), ExpireTime = Timestamp.FromDateTime(expiry.AddYears(1)),
        });
        Assert.Equal(Timestamp.FromDateTime(expiry.AddYears(1)), renewed.ExpireTime);

        var submitted = Assert.Single(await EventsAsync<MentorApplicationSubmitted>("profile.mentor-application-submitted"));
        Assert.Equal((self, Pipeline(self), 6), (submitted.Person, submitted.Credentialing, submitted.MonthlyHours));
        var steps = await EventsAsync<CredentialingStepCompleted>("profile.credentialing-step-completed");
        Assert.Equal(
            [
                "Selection Passed -> ContentTraining", .. Modules.SkipLast(1).Select(m => $"ContentTraining/{m} Passed -> ContentTraining"),
                $"ContentTraining/{Modules[^1]} Passed -> StructuredObservation", "StructuredObservation Passed -> CoMentoring",
                "CoMentoring Passed -> IndependentSession", "IndependentSession Passed -> InitialCredential",
                "InitialCredential Passed -> InitialCredential",
            ],
            steps.Select(s => $"{s.Step}{(s.Module.Length > 0 ? "/" + s.Module : "")} {s.Outcome} -> {s.CurrentStep}"));
        Assert.Equal(CredentialingState.Credentialed, steps[^1].State);
        var mentor = Assert.Single(await EventsAsync<MentorCredentialed>("profile.mentor-credentialed"));
        Assert.Equal((self, Timestamp.FromDateTime(expiry)), (mentor.Person, mentor.ExpireTime));
        var renewal = Assert.Single(await EventsAsync<MentorCredentialRenewed>("profile.mentor-credential-renewed"));
        Assert.Equal((Timestamp.FromDateTime(expiry.AddYears(1)), Timestamp.FromDateTime(expiry)), (renewal.ExpireTime, renewal.PreviousExpireTime));

        // A valid credential cannot be applied for again; erasure still removes the append-only history.
        Assert.Equal(StatusCode.AlreadyExists, await StatusOf(() => ApplyAsync(self)));
        await admin.ErasePersonAsync(new ErasePersonRequest { Name = self });
        Assert.Equal(StatusCode.NotFound, await StatusOf(() => admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(self) }).ResponseAsync));
    }

    [Fact]
    public async Task Steps_out_of_order_are_failed_precondition_and_change_nothing()
    {
        var ada = await NewPersonAsync();
        await ApplyAsync(ada);
        Assert.Equal(StatusCode.FailedPrecondition, await StatusOf(() => RecordAsync(ada, CredentialingStep.CoMentoring)));
        Assert.Equal(StatusCode.FailedPrecondition, await StatusOf(() => RecordAsync(ada, CredentialingStep.ContentTraining, module: "ethics")));
        Assert.Equal(StatusCode.FailedPrecondition, await StatusOf(() => admin.GrantInitialCredentialAsync(
            new GrantInitialCredentialRequest { Name = Pipeline(ada), Reviewer = "people/x" }).ResponseAsync));
        await RecordAsync(ada, CredentialingStep.Selection);
        Assert.Equal(StatusCode.FailedPrecondition, await StatusOf(() => RecordAsync(ada, CredentialingStep.Selection)));
        Assert.Equal(StatusCode.FailedPrecondition, await StatusOf(() => RecordAsync(ada, CredentialingStep.StructuredObservation)));
        Assert.Single(await EventsAsync<CredentialingStepCompleted>("profile.credentialing-step-completed"));

        var now = await admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(ada) });
        Assert.Equal((CredentialingState.InProgress, CredentialingStep.ContentTraining, 2), (now.State, now.CurrentStep, now.Evidence.Count));
        // A module outside the organisation's list is a field violation.
        Assert.Equal(["module"], ViolatedFields(await Assert.ThrowsAsync<RpcException>(() =>
            RecordAsync(ada, CredentialingStep.ContentTraining, module: "juggling"))));
    }

    [Fact]
    public async Task A_failed_step_is_retried_with_a_new_evidence_row_then_passed()
    {
        var ada = await NewPersonAsync();
        await ApplyAsync(ada);
        await RecordAsync(ada, CredentialingStep.Selection);
        await RecordAsync(ada, CredentialingStep.ContentTraining, StepOutcome.Failed, module: "ethics", notes: "missed the assessment");
        await TrainAsync(ada);
        Assert.Equal(["notes"], ViolatedFields(await Assert.ThrowsAsync<RpcException>(() =>
            RecordAsync(ada, CredentialingStep.StructuredObservation, StepOutcome.Failed))));
        var failed = await RecordAsync(ada, CredentialingStep.StructuredObservation, StepOutcome.Failed, notes: "did not use the observation sheet");
        Assert.Equal((CredentialingState.InProgress, CredentialingStep.StructuredObservation), (failed.State, failed.CurrentStep));
        var passed = await RecordAsync(ada, CredentialingStep.StructuredObservation, notes: "thorough notes this time");
        Assert.Equal(CredentialingStep.CoMentoring, passed.CurrentStep);

        var observations = passed.Evidence.Where(e => e.Step == CredentialingStep.StructuredObservation).ToList();
        Assert.Equal([(StepOutcome.Failed, "did not use the observation sheet"), (StepOutcome.Passed, "thorough notes this time")],
            observations.Select(e => (e.Outcome, e.Notes)));
        Assert.Equal([StepOutcome.Failed, StepOutcome.Passed],
            passed.Evidence.Where(e => e.Module == "ethics").Select(e => e.Outcome));
    }

    [Fact]
    public async Task A_failed_selection_rejects_the_application_and_ends_the_pipeline_until_a_new_application()
    {
        var ada = await NewPersonAsync();
        await ApplyAsync(ada);
        Assert.Equal(StatusCode.AlreadyExists, await StatusOf(() => ApplyAsync(ada)));
        var rejected = await RecordAsync(ada, CredentialingStep.Selection, StepOutcome.Failed, notes: "not enough experience yet");
        Assert.Equal((CredentialingState.Rejected, CredentialingStep.Selection), (rejected.State, rejected.CurrentStep));
        Assert.Equal(StatusCode.FailedPrecondition, await StatusOf(() => RecordAsync(ada, CredentialingStep.Selection)));
        Assert.Equal(StatusCode.FailedPrecondition, await StatusOf(() => RecordAsync(ada, CredentialingStep.ContentTraining, module: "ethics")));
        var step = Assert.Single(await EventsAsync<CredentialingStepCompleted>("profile.credentialing-step-completed"));
        Assert.Equal((StepOutcome.Failed, CredentialingState.Rejected), (step.Outcome, step.State));

        var again = await ApplyAsync(ada);
        Assert.Equal((CredentialingState.InProgress, CredentialingStep.Selection, 1), (again.State, again.CurrentStep, again.Evidence.Count));
        Assert.Equal(2, (await EventsAsync<MentorApplicationSubmitted>("profile.mentor-application-submitted")).Count);
    }

    [Fact]
    public async Task Concurrent_evidence_for_the_same_step_advances_the_pipeline_once()
    {
        var ada = await NewPersonAsync();
        var applications = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try { await ApplyAsync(ada); return StatusCode.OK; }
            catch (RpcException e) { return e.StatusCode; }
        }));
        Assert.Equal([StatusCode.OK, StatusCode.AlreadyExists, StatusCode.AlreadyExists, StatusCode.AlreadyExists], applications.Order());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try { await RecordAsync(ada, CredentialingStep.Selection); return StatusCode.OK; }
            catch (RpcException e) { return e.StatusCode; }
        }));
        Assert.Equal([StatusCode.OK, StatusCode.FailedPrecondition, StatusCode.FailedPrecondition, StatusCode.FailedPrecondition], outcomes.Order());
        var now = await admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(ada) });
        Assert.Equal((CredentialingStep.ContentTraining, 2), (now.CurrentStep, now.Evidence.Count));
    }

    [Fact]
    public async Task A_false_declaration_and_bad_fields_are_violations_and_nothing_is_stored()
    {
        var ada = await NewPersonAsync();
        var e = await Assert.ThrowsAsync<RpcException>(() => ApplyAsync(ada, declaration: false));
        Assert.Equal(["application.declares_no_supervision_of_mentees"], ViolatedFields(e));

        var bad = await Assert.ThrowsAsync<RpcException>(() => admin.ApplyForCredentialAsync(new ApplyForCredentialRequest
        {
            Name = ada,
            Application = new MentorApplication { Competencies = { "x", "X" }, MonthlyHours = 0 },
        }).ResponseAsync);
        Assert.Equal(
            ["name", "application.motivation", "application.competencies[1]", "application.monthly_hours", "application.declares_no_supervision_of_mentees"],
            ViolatedFields(bad));

        Assert.Equal(StatusCode.NotFound, await StatusOf(() => admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(ada) }).ResponseAsync));
        Assert.Empty(await EventsAsync<MentorApplicationSubmitted>("profile.mentor-application-submitted"));
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM profile.credentialing"));
    }

    [Fact]
    public async Task Evidence_rows_are_append_only()
    {
        var ada = await NewPersonAsync();
        await ApplyAsync(ada);
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => c.ExecuteAsync("UPDATE profile.credentialing_evidence SET notes = 'rewritten'"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => c.ExecuteAsync("DELETE FROM profile.credentialing_evidence"));
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM profile.credentialing_evidence"));
    }

    [Fact]
    public async Task The_funnel_counts_pipelines_per_step_and_state_and_times_each_step()
    {
        var waiting = await NewPersonAsync("Waiting");
        var rejected = await NewPersonAsync("Rejected");
        var training = await NewPersonAsync("Training");
        var mentor = await NewPersonAsync("Mentor");
        foreach (var p in new[] { waiting, rejected, training, mentor }) await ApplyAsync(p);
        await RecordAsync(rejected, CredentialingStep.Selection, StepOutcome.Failed, notes: "no");
        await RecordAsync(training, CredentialingStep.Selection);
        await RecordAsync(training, CredentialingStep.ContentTraining, module: "ethics");
        await CredentialAsync(mentor);

        var funnel = await partner.GetCredentialingFunnelAsync(new GetCredentialingFunnelRequest());
        Assert.Equal(
            [
                (CredentialingStep.Selection, CredentialingState.InProgress, 1), (CredentialingStep.Selection, CredentialingState.Rejected, 1),
                (CredentialingStep.ContentTraining, CredentialingState.InProgress, 1),
                (CredentialingStep.InitialCredential, CredentialingState.Credentialed, 1),
            ],
            funnel.Counts.Select(c => (c.CurrentStep, c.State, c.Pipelines)));
        Assert.Equal(
            [
                (CredentialingStep.Selection, 2), (CredentialingStep.ContentTraining, 1), (CredentialingStep.StructuredObservation, 1),
                (CredentialingStep.CoMentoring, 1), (CredentialingStep.IndependentSession, 1), (CredentialingStep.InitialCredential, 1),
            ],
            funnel.StepDurations.Select(d => (d.Step, d.Samples)));
        Assert.All(funnel.StepDurations, d =>
        {
            Assert.True(d.Mean.ToTimeSpan() >= TimeSpan.Zero && d.Median.ToTimeSpan() >= TimeSpan.Zero);
            Assert.True(d.Mean.ToTimeSpan() < TimeSpan.FromMinutes(10));
        });
        Assert.Equal(funnel, await admin.GetCredentialingFunnelAsync(new GetCredentialingFunnelRequest()));

        // Another organisation sees an empty funnel.
        var globex = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync(TestIdentity.Globex));
        Assert.Empty((await globex.GetCredentialingFunnelAsync(new GetCredentialingFunnelRequest())).Counts);
    }

    [Fact]
    public async Task The_board_lists_each_persons_latest_pipeline_by_state_and_step_longest_waiting_first()
    {
        var waiting = await NewPersonAsync("Waiting");
        var reapplied = await NewPersonAsync("Reapplied");
        var rejected = await NewPersonAsync("Rejected");
        var training = await NewPersonAsync("Training");
        var mentor = await NewPersonAsync("Mentor");
        var lapsed = await NewPersonAsync("Lapsed");
        await NewPersonAsync("Never applied");
        foreach (var p in new[] { waiting, reapplied, rejected, training, mentor, lapsed }) await ApplyAsync(p);
        await RecordAsync(reapplied, CredentialingStep.Selection, StepOutcome.Failed, notes: "not yet");
        await ApplyAsync(reapplied);
        await RecordAsync(rejected, CredentialingStep.Selection, StepOutcome.Failed, notes: "no");
        await RecordAsync(training, CredentialingStep.Selection);
        await RecordAsync(training, CredentialingStep.ContentTraining, module: "ethics");
        await CredentialAsync(mentor);
        await CredentialAsync(lapsed, expiry: DateTime.UtcNow.AddSeconds(2));
        await Eventually.True("the credential lapsed", async () =>
            (await admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(lapsed) })).State == CredentialingState.Expired);

        async Task<List<(string Person, string Name, CredentialingState State, CredentialingStep Step)>> BoardAsync(
            CredentialingState state = CredentialingState.Unspecified, CredentialingStep step = CredentialingStep.Unspecified) =>
            (await partner.ListCredentialingsAsync(new ListCredentialingsRequest { State = state, CurrentStep = step })).Entries
                .Select(e => (e.Credentialing.Person, e.PersonDisplayName, e.Credentialing.State, e.Credentialing.CurrentStep)).ToList();

        // One entry per person, their latest pipeline, least recently changed first: waiting has waited longest;
        // reapplied's new pipeline began before rejected's selection failed.
        Assert.Equal(
            [(waiting, "Waiting"), (reapplied, "Reapplied"), (rejected, "Rejected"), (training, "Training"), (mentor, "Mentor"), (lapsed, "Lapsed")],
            (await BoardAsync()).Select(e => (e.Person, e.Name)));
        Assert.Equal([waiting, reapplied], (await BoardAsync(step: CredentialingStep.Selection, state: CredentialingState.InProgress)).Select(e => e.Person));
        Assert.Equal([rejected], (await BoardAsync(CredentialingState.Rejected)).Select(e => e.Person));
        Assert.Equal([mentor], (await BoardAsync(CredentialingState.Credentialed)).Select(e => e.Person));
        Assert.Equal([(lapsed, CredentialingStep.InitialCredential)], (await BoardAsync(CredentialingState.Expired)).Select(e => (e.Person, e.Step)));
        Assert.Empty(await BoardAsync(step: CredentialingStep.CoMentoring));

        // The trainee's entry shows training progress but no evidence.
        var trainee = Assert.Single((await partner.ListCredentialingsAsync(new ListCredentialingsRequest { CurrentStep = CredentialingStep.ContentTraining })).Entries);
        Assert.Equal(["ethics"], trainee.Credentialing.CompletedModules);
        Assert.Equal(Modules, trainee.Credentialing.RequiredModules);
        Assert.Empty(trainee.Credentialing.Evidence);

        // Pages of one walk the same order; a token does not continue another filter's listing.
        var walked = new List<string>();
        var request = new ListCredentialingsRequest { PageSize = 1 };
        do
        {
            var page = await admin.ListCredentialingsAsync(request);
            walked.AddRange(page.Entries.Select(e => e.Credentialing.Person));
            request.PageToken = page.NextPageToken;
            if (walked.Count == 1)
            {
                var e = await Assert.ThrowsAsync<RpcException>(() => admin.ListCredentialingsAsync(
                    new ListCredentialingsRequest { PageSize = 1, PageToken = page.NextPageToken, State = CredentialingState.Rejected }).ResponseAsync);
                Assert.Equal(["page_token"], ViolatedFields(e));
            }
        } while (request.PageToken.Length > 0);
        Assert.Equal((await BoardAsync()).Select(e => e.Person), walked);

        var bad = await Assert.ThrowsAsync<RpcException>(() => admin.ListCredentialingsAsync(
            new ListCredentialingsRequest { State = (CredentialingState)99, CurrentStep = (CredentialingStep)99, PageSize = 201 }).ResponseAsync);
        Assert.Equal(["state", "current_step", "page_size"], ViolatedFields(bad));

        // People do not see the board; another organisation sees an empty one.
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => person.ListCredentialingsAsync(new ListCredentialingsRequest()).ResponseAsync));
        var globex = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync(TestIdentity.Globex));
        Assert.Empty((await globex.ListCredentialingsAsync(new ListCredentialingsRequest())).Entries);
    }

    [Fact]
    public async Task Another_organisations_pipeline_is_not_found()
    {
        var ada = await NewPersonAsync();
        await ApplyAsync(ada);
        var globexAdmin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync(TestIdentity.Globex));
        var globexPartner = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync(TestIdentity.Globex));
        Assert.Equal(StatusCode.NotFound, await StatusOf(() => globexPartner.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(ada) }).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, await StatusOf(() => RecordAsync(ada, CredentialingStep.Selection, as_: globexAdmin)));
        Assert.Equal(StatusCode.NotFound, await StatusOf(() => ApplyAsync(ada, as_: globexAdmin)));
        Assert.Equal(CredentialingStep.Selection, (await admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(ada) })).CurrentStep);
    }

    [Fact]
    public async Task A_person_reads_their_own_pipeline_but_cannot_record_steps_or_touch_anyone_elses()
    {
        await RegisterSelfAsync();
        var other = await NewPersonAsync();
        await ApplyAsync(self, as_: person);
        await ApplyAsync(other);

        Assert.Equal(CredentialingStep.Selection, (await person.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(self) })).CurrentStep);
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => RecordAsync(self, CredentialingStep.Selection, as_: person)));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => person.GrantInitialCredentialAsync(
            new GrantInitialCredentialRequest { Name = Pipeline(self), Reviewer = self }).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => person.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(other) }).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => person.GetCredentialingFunnelAsync(new GetCredentialingFunnelRequest()).ResponseAsync));
        // Partners read pipelines but do not apply on anyone's behalf.
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => ApplyAsync(other, as_: partner)));
        Assert.Equal(CredentialingStep.Selection, (await partner.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(other) })).CurrentStep);
    }

    [Fact]
    public async Task Observation_steps_are_observed_by_a_credentialed_mentor_who_may_record_them_themself()
    {
        var ada = await CandidateAwaitingObservationAsync();
        var uncredentialed = await NewPersonAsync("Bob");

        // An observer without a credential, or the candidate observing themself, is a field violation; nothing is stored.
        var notCredentialed = await Assert.ThrowsAsync<RpcException>(() => RecordAsync(ada, CredentialingStep.StructuredObservation, reviewer: uncredentialed));
        Assert.Equal(StatusCode.InvalidArgument, notCredentialed.StatusCode);
        Assert.Contains("reviewer", notCredentialed.Status.Detail + string.Join(",", notCredentialed.Trailers.Select(t => t.Key)));
        Assert.Equal(StatusCode.InvalidArgument, await StatusOf(() => RecordAsync(ada, CredentialingStep.StructuredObservation, reviewer: ada)));
        Assert.Equal(StatusCode.InvalidArgument, await StatusOf(() => RecordAsync(ada, CredentialingStep.StructuredObservation, reviewer: "Grace")));
        var unchanged = await admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(ada) });
        Assert.Equal(CredentialingStep.StructuredObservation, unchanged.CurrentStep);
        Assert.DoesNotContain(unchanged.Evidence, e => e.Step == CredentialingStep.StructuredObservation);

        // The administrator records an observation by the credentialed mentor…
        await RecordAsync(ada, CredentialingStep.StructuredObservation, reviewer: self);
        // …and the credentialed mentor records the next one themself, but only as its observer and only observation steps.
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => RecordAsync(ada, CredentialingStep.CoMentoring, as_: person, reviewer: uncredentialed)));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => RecordAsync(ada, CredentialingStep.CoMentoring, as_: person, reviewer: ExternalObserver)));
        var coMentored = await RecordAsync(ada, CredentialingStep.CoMentoring, as_: person, reviewer: self);
        Assert.Equal(CredentialingStep.IndependentSession, coMentored.CurrentStep);
        Assert.Equal(self, coMentored.Evidence[^1].Reviewer);
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => person.GrantInitialCredentialAsync(
            new GrantInitialCredentialRequest { Name = Pipeline(ada), Reviewer = self }).ResponseAsync));
    }

    [Fact]
    public async Task A_mentor_whose_credential_expired_no_longer_observes()
    {
        var ada = await CandidateAwaitingObservationAsync(expiry: DateTime.UtcNow.AddSeconds(2));
        await Eventually.True("the credential expired", async () =>
            (await person.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(self) })).State == CredentialingState.Expired);
        Assert.Equal(StatusCode.InvalidArgument, await StatusOf(() => RecordAsync(ada, CredentialingStep.StructuredObservation, as_: person, reviewer: self)));
        Assert.Equal(CredentialingStep.StructuredObservation, (await admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(ada) })).CurrentStep);
    }

    /// <summary>Feedback's event for an observation <paramref name="observer"/> made of <paramref name="candidate"/>; waits until profile has a receipt for it.</summary>
    private async Task<string> ObservedAsync(string candidate, string observer, CredentialingStep step, StepOutcome outcome = StepOutcome.Passed, string? observation = null)
    {
        observation ??= $"{candidate}/observations/{Guid.NewGuid()}";
        await EventBus.PublishAsync(Db, new ObservationCompleted
        {
            Observation = observation, Candidate = candidate, Observer = observer, Step = step, Outcome = outcome,
            OccurTime = Timestamp.FromDateTime(DateTime.UtcNow), Summary = "7 of 8 criteria met; 5 of 5 crucial.",
        }, "feedback");
        await Eventually.True($"profile received {observation}", async () =>
            (await admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(candidate) })).Observations.Any(o => o.Observation == observation));
        return observation;
    }

    [Fact]
    public async Task An_observation_from_feedback_becomes_the_steps_evidence_once()
    {
        var ada = await CandidateAwaitingObservationAsync();

        var observation = await ObservedAsync(ada, self, CredentialingStep.StructuredObservation);
        // Delivered again (a new envelope for the same observation): nothing more happens.
        await ObservedAsync(ada, self, CredentialingStep.StructuredObservation, observation: observation);
        var pipeline = await admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(ada) });
        Assert.Equal(CredentialingStep.CoMentoring, pipeline.CurrentStep);
        var evidence = Assert.Single(pipeline.Evidence, e => e.Step == CredentialingStep.StructuredObservation);
        Assert.Equal((self, StepOutcome.Passed), (evidence.Reviewer, evidence.Outcome));
        Assert.Contains("7 of 8 criteria met", evidence.Notes);
        var receipt = Assert.Single(pipeline.Observations);
        Assert.Equal((observation, true, ""), (receipt.Observation, receipt.Recorded, receipt.Refusal));
        Assert.Contains(await EventsAsync<CredentialingStepCompleted>("profile.credentialing-step-completed"),
            e => e.Person == ada && e.Step == CredentialingStep.StructuredObservation);

        // A failed co-mentoring session is evidence too: the step stays to be retried.
        await ObservedAsync(ada, self, CredentialingStep.CoMentoring, StepOutcome.Failed);
        pipeline = await admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(ada) });
        Assert.Equal((CredentialingStep.CoMentoring, StepOutcome.Failed), (pipeline.Evidence[^1].Step, pipeline.Evidence[^1].Outcome));
        Assert.Equal(CredentialingStep.CoMentoring, pipeline.CurrentStep);
    }

    [Fact]
    public async Task An_observation_profile_may_not_record_is_kept_with_the_reason_and_changes_nothing()
    {
        var ada = await CandidateAwaitingObservationAsync();
        var uncredentialed = await NewPersonAsync("Bob");
        var before = await admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(ada) });

        await ObservedAsync(ada, uncredentialed, CredentialingStep.StructuredObservation);
        await ObservedAsync(ada, self, CredentialingStep.IndependentSession);
        await ObservedAsync(ada, ada, CredentialingStep.StructuredObservation);

        var after = await admin.GetCredentialingAsync(new GetCredentialingRequest { Name = Pipeline(ada) });
        Assert.Equal((before.CurrentStep, before.Evidence.Count), (after.CurrentStep, after.Evidence.Count));
        Assert.Equal(3, after.Observations.Count);
        Assert.All(after.Observations, o => Assert.False(o.Recorded));
        Assert.Contains("credential", after.Observations.Single(o => o.Observer == uncredentialed).Refusal);
        Assert.Contains("reviewer", after.Observations.Single(o => o.Observer == ada).Refusal);
        Assert.NotEmpty(after.Observations.Single(o => o.Step == CredentialingStep.IndependentSession).Refusal);
        // Refusals are outcomes, not failed deliveries: nothing waits in the dead letters.
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM profile.event_failure"));
    }
}

