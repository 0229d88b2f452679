using Grpc.Core;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Matching;

/// <summary>Programmes with their models' defaults, enrolment, bad input, and group and peer runs.</summary>
public sealed class ProgrammesTests() : ServicesUnderTest("profile", "matching")
{
    private ProfileService.ProfileServiceClient profile = null!;
    private MatchingService.MatchingServiceClient admin = null!;

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) =>
        service == "matching" ? new Dictionary<string, string?> { ["Matching:TimeBoxSweepSeconds"] = "1" } : null;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        profile = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync());
        admin = await ClientAsync<MatchingService.MatchingServiceClient>("matching", TestIdentity.AdministratorAsync());
    }

    private Task<Programme> CreateAsync(MentoringModel model, ProgrammeRules? rules = null, ScoringWeights? weights = null, string requestId = "") =>
        admin.CreateProgrammeAsync(new CreateProgrammeRequest
        {
            Programme = new Programme { DisplayName = $"{model} programme", Model = model, Rules = rules, Weights = weights },
            RequestId = requestId,
        }).ResponseAsync;

    private async Task<string> PersonAsync(string name, PersonRole role, SeniorityLevel seniority, string language = "en")
    {
        var p = Person(name, role, seniority, "engineering", ("go", role == PersonRole.Mentor ? 5 : 2));
        p.Languages.Add(language);
        p.MeetingFormats.Add(MeetingFormat.Video);
        p.MentorCapacity = role == PersonRole.Mentor ? 6 : 0;
        return (await profile.RegisterPersonAsync(Register(p))).Name;
    }

    private async Task EnrolAsync(Programme programme, string person, EnrolmentRole role) =>
        await Eventually.Until($"{person} enrolled", async () =>
        {
            try
            {
                return await admin.EnrolAsync(new EnrolRequest { Programme = programme.Name, Enrolment = new Enrolment { Person = person, Role = role } });
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        });

    [Fact]
    public async Task A_programme_takes_its_models_defaults_where_the_creator_sets_nothing()
    {
        var group = await CreateAsync(MentoringModel.Group);
        Assert.Equal((4, 6), (group.Rules.GroupSizeMin, group.Rules.GroupSizeMax));
        var reverse = await CreateAsync(MentoringModel.Reverse);
        Assert.Equal(SeniorityDirection.MentorMoreJunior, reverse.Rules.SeniorityDirection);
        var peer = await CreateAsync(MentoringModel.Peer);
        Assert.Equal(SeniorityDirection.SameLevel, peer.Rules.SeniorityDirection);
        var competency = await CreateAsync(MentoringModel.Competency);
        Assert.Equal(EndCondition.GapClosed, competency.Rules.EndCondition);
        Assert.True(competency.Weights.CompetencyGap > competency.Weights.AreaOfWork);

        var custom = await CreateAsync(MentoringModel.Group, new ProgrammeRules { GroupSizeMin = 2, GroupSizeMax = 3, MaxTimeZoneGapHours = -1 });
        Assert.Equal((2, 3, -1), (custom.Rules.GroupSizeMin, custom.Rules.GroupSizeMax, custom.Rules.MaxTimeZoneGapHours));
        Assert.Equal(custom, await admin.GetProgrammeAsync(new GetProgrammeRequest { Name = custom.Name }));
        var listed = await admin.ListProgrammesAsync(new ListProgrammesRequest { PageSize = 2 });
        Assert.Equal([custom.Name, competency.Name], listed.Programmes.Select(p => p.Name));
        Assert.NotEmpty(listed.NextPageToken);
    }

    [Fact]
    public async Task Bad_programmes_are_field_violations_and_nothing_is_stored_and_a_replay_returns_the_first()
    {
        var bad = await Assert.ThrowsAsync<RpcException>(() => admin.CreateProgrammeAsync(new CreateProgrammeRequest
        {
            Programme = new Programme { DisplayName = "", Rules = new ProgrammeRules { GroupSizeMin = 7, GroupSizeMax = 4 } },
        }).ResponseAsync);
        Assert.Equal(["programme.display_name", "programme.model"], ViolatedFields(bad));
        var sizes = await Assert.ThrowsAsync<RpcException>(() => CreateAsync(MentoringModel.Group, new ProgrammeRules { GroupSizeMin = 7, GroupSizeMax = 4 }));
        Assert.Equal(["programme.rules.group_size_max"], ViolatedFields(sizes));
        var weights = await Assert.ThrowsAsync<RpcException>(() => CreateAsync(MentoringModel.OneToOne, weights: new ScoringWeights { Seniority = 101 }));
        Assert.Equal(["programme.weights"], ViolatedFields(weights));
        Assert.Empty((await admin.ListProgrammesAsync(new ListProgrammesRequest())).Programmes);

        var first = await CreateAsync(MentoringModel.Peer, requestId: "create-peer-1");
        Assert.Equal(first.Name, (await CreateAsync(MentoringModel.Peer, requestId: "create-peer-1")).Name);
        Assert.Single((await admin.ListProgrammesAsync(new ListProgrammesRequest())).Programmes);
    }

    private Task<Programme> UpdateAsync(Programme programme, params string[] mask) =>
        admin.UpdateProgrammeAsync(new UpdateProgrammeRequest { Programme = programme, UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { mask } } }).ResponseAsync;

    [Fact]
    public async Task An_update_changes_the_rules_it_names_keeps_the_others_and_checks_them_like_a_creation()
    {
        var created = await CreateAsync(MentoringModel.Group, new ProgrammeRules { SessionMinutes = 45, GroupSizeMax = 5 });

        // One rule changes; the other set rule keeps its value; a rule named but unset goes back to the model's default.
        var sent = new Programme { Name = created.Name, Etag = created.Etag, Rules = new ProgrammeRules { MeetingCadenceDays = 21 } };
        var updated = await UpdateAsync(sent, "rules.meeting_cadence_days", "rules.sessionMinutes");
        Assert.Equal((21, 5), (updated.Rules.MeetingCadenceDays, updated.Rules.GroupSizeMax));
        Assert.Equal((await CreateAsync(MentoringModel.Group)).Rules.SessionMinutes, updated.Rules.SessionMinutes);
        Assert.NotEqual(created.Etag, updated.Etag);
        Assert.True(updated.UpdateTime.ToDateTime() >= created.CreateTime.ToDateTime());
        Assert.Equal(updated, await admin.GetProgrammeAsync(new GetProgrammeRequest { Name = created.Name }));

        // The whole rules, the name and the weights; nothing else.
        var renamed = await UpdateAsync(new Programme
        {
            Name = created.Name, DisplayName = "  Leaders' circle ", Model = MentoringModel.OneToOne, Rules = new ProgrammeRules { GroupSizeMin = 3 },
            Weights = new ScoringWeights { CompetencyGap = 100 },
        }, "display_name", "rules", "weights");
        Assert.Equal(("Leaders' circle", MentoringModel.Group, 3, 6, 100, 0), (renamed.DisplayName, renamed.Model, renamed.Rules.GroupSizeMin,
            renamed.Rules.GroupSizeMax, renamed.Weights.CompetencyGap, renamed.Weights.AreaOfWork));

        // Bad input is refused by field and changes nothing; a stale etag is ABORTED; the model never changes.
        var sizes = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(
            new Programme { Name = created.Name, Rules = new ProgrammeRules { GroupSizeMin = 9 } }, "rules.group_size_min"));
        Assert.Equal(["programme.rules.group_size_max"], ViolatedFields(sizes));
        var mask = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(new Programme { Name = created.Name, Model = MentoringModel.Peer }, "model", "rules.colour"));
        Assert.Equal(["update_mask", "update_mask"], ViolatedFields(mask));
        var empty = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(new Programme { Name = "programmes/x", DisplayName = "" }, "display_name"));
        Assert.Equal(["programme.name", "programme.display_name"], ViolatedFields(empty));
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(new Programme { Name = created.Name }))).StatusCode);
        var stale = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(new Programme { Name = created.Name, Etag = created.Etag, Formal = true }, "formal"));
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(renamed, await admin.GetProgrammeAsync(new GetProgrammeRequest { Name = created.Name }));

        // Sending what is in force already changes nothing, not even the etag.
        Assert.Equal(renamed.Etag, (await UpdateAsync(renamed, "*")).Etag);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            UpdateAsync(new Programme { Name = $"programmes/{Guid.NewGuid()}", Formal = true }, "formal"))).StatusCode);
        var person = await ClientAsync<MatchingService.MatchingServiceClient>("matching", TestIdentity.PersonAsync());
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => person.UpdateProgrammeAsync(new UpdateProgrammeRequest
        {
            Programme = new Programme { Name = created.Name, Formal = true }, UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "formal" } },
        }).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task A_run_made_before_the_rules_changed_is_not_published_and_a_new_run_is()
    {
        var programme = await CreateAsync(MentoringModel.Peer, new ProgrammeRules { CredentialRequired = false });
        for (var i = 0; i < 2; i++) await EnrolAsync(programme, await PersonAsync($"Peer {i}", PersonRole.Mentee, SeniorityLevel.Intermediate), EnrolmentRole.Mentee);
        var before = await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });

        // A new name alone does not touch the rules: the run could still be published, but first the session length changes.
        await UpdateAsync(new Programme { Name = programme.Name, DisplayName = "Peers, renamed" }, "display_name");
        await UpdateAsync(new Programme { Name = programme.Name, Rules = new ProgrammeRules { SessionMinutes = 30 } }, "rules.session_minutes");
        var refused = await Assert.ThrowsAsync<RpcException>(() => admin.PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = before.Name }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Empty((await admin.ListRelationshipsAsync(new ListRelationshipsRequest { Programme = programme.Name })).Relationships);

        var after = await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });
        Assert.Single((await admin.PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = after.Name })).Relationships);
    }

    [Fact]
    public async Task Enrolment_checks_the_programme_the_person_and_the_role()
    {
        var programme = await CreateAsync(MentoringModel.OneToOne);
        var mentee = await PersonAsync("Mentee", PersonRole.Mentee, SeniorityLevel.Junior);
        await EnrolAsync(programme, mentee, EnrolmentRole.Mentee);

        var asMentor = await Assert.ThrowsAsync<RpcException>(() => admin.EnrolAsync(new EnrolRequest
        {
            Programme = programme.Name, Enrolment = new Enrolment { Person = mentee, Role = EnrolmentRole.Mentor },
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, asMentor.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => admin.EnrolAsync(new EnrolRequest
        {
            Programme = $"programmes/{Guid.NewGuid()}", Enrolment = new Enrolment { Person = mentee, Role = EnrolmentRole.Mentee },
        }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => admin.EnrolAsync(new EnrolRequest
        {
            Programme = programme.Name, Enrolment = new Enrolment { Person = "someone", Role = EnrolmentRole.Mentor, Capacity = -1 },
        }).ResponseAsync);
        Assert.Equal(["enrolment.person", "enrolment.capacity"], ViolatedFields(bad));
        Assert.Single((await admin.ListEnrolmentsAsync(new ListEnrolmentsRequest { Programme = programme.Name })).Enrolments);
        var unknownRun = await Assert.ThrowsAsync<RpcException>(() => admin.RunMatchingAsync(new RunMatchingRequest { Programme = "programmes/x" }).ResponseAsync);
        Assert.Equal(["programme"], ViolatedFields(unknownRun));
    }

    [Fact]
    public async Task A_group_run_gives_every_used_mentor_between_the_minimum_and_the_maximum_and_publishes_one_relationship_per_group()
    {
        var programme = await CreateAsync(MentoringModel.Group, new ProgrammeRules { GroupSizeMin = 2, GroupSizeMax = 3, CredentialRequired = false });
        var mentors = new List<string>();
        for (var i = 0; i < 3; i++) mentors.Add(await PersonAsync($"Mentor {i}", PersonRole.Mentor, SeniorityLevel.Senior));
        var mentees = new List<string>();
        for (var i = 0; i < 5; i++) mentees.Add(await PersonAsync($"Mentee {i}", PersonRole.Mentee, SeniorityLevel.Junior));
        var stranger = await PersonAsync("Stranger", PersonRole.Mentee, SeniorityLevel.Junior, language: "fi");
        foreach (var m in mentors) await EnrolAsync(programme, m, EnrolmentRole.Mentor);
        foreach (var m in mentees.Append(stranger)) await EnrolAsync(programme, m, EnrolmentRole.Mentee);

        var run = await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });

        Assert.Equal(5, run.Proposals.Count);
        Assert.All(run.Proposals.GroupBy(p => p.Mentor), g => Assert.InRange(g.Count(), 2, 3));
        var alone = Assert.Single(run.Unmatched);
        Assert.Equal((stranger, "NO_CANDIDATES"), (alone.Mentee, alone.Reason));
        Assert.Equal(3, alone.Exclusions["no_common_language"]);
        Assert.Contains("3 mentors excluded: no common language", alone.Explanation);
        var engineering = Assert.Single(run.Shortages);
        Assert.Equal((6, 1, 3), (engineering.Mentees, engineering.UnmatchedMentees, engineering.Mentors));

        var published = await admin.PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = run.Name });
        Assert.Equal(run.Proposals.Select(p => p.Mentor).Distinct().Count(), published.Relationships.Count);
        var relationships = (await admin.ListRelationshipsAsync(new ListRelationshipsRequest { Programme = programme.Name })).Relationships;
        Assert.Equal(mentees.Order(), relationships.SelectMany(r => r.Mentees).Order());
        Assert.All(relationships, r => Assert.Single(r.Mentors));
        // A new run leaves out mentees already in an open relationship of the programme.
        Assert.Empty((await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name })).Proposals);
    }

    [Fact]
    public async Task A_peer_run_pairs_people_of_the_same_level()
    {
        var programme = await CreateAsync(MentoringModel.Peer, new ProgrammeRules { CredentialRequired = false });
        var peers = new List<string>();
        for (var i = 0; i < 4; i++) peers.Add(await PersonAsync($"Peer {i}", PersonRole.Mentee, SeniorityLevel.Intermediate));
        foreach (var p in peers) await EnrolAsync(programme, p, EnrolmentRole.Mentee);

        var run = await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });

        Assert.Equal(2, run.Proposals.Count);
        Assert.Equal(peers.Order(), run.Proposals.SelectMany(p => new[] { p.Mentee, p.Mentor }).Order());
    }

    [Fact]
    public async Task A_speed_event_rotates_mentees_so_nobody_meets_a_mentor_twice_and_breaks_are_fair()
    {
        var programme = await CreateAsync(MentoringModel.Speed, new ProgrammeRules { CredentialRequired = false });
        var mentors = new List<string>();
        for (var i = 0; i < 2; i++) mentors.Add(await PersonAsync($"Mentor {i}", PersonRole.Mentor, SeniorityLevel.Senior));
        var mentees = new List<string>();
        for (var i = 0; i < 3; i++) mentees.Add(await PersonAsync($"Mentee {i}", PersonRole.Mentee, SeniorityLevel.Junior));
        foreach (var m in mentors) await EnrolAsync(programme, m, EnrolmentRole.Mentor);
        foreach (var m in mentees) await EnrolAsync(programme, m, EnrolmentRole.Mentee);
        var start = new DateTime(2027, 3, 1, 9, 0, 0, DateTimeKind.Utc);

        var plan = await admin.PlanSpeedRotationAsync(new PlanSpeedRotationRequest
        {
            Programme = programme.Name, Rounds = 3, StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(start), RequestId = "spring-event",
        });
        var replay = await admin.PlanSpeedRotationAsync(new PlanSpeedRotationRequest
        {
            Programme = programme.Name, Rounds = 3, StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(start), RequestId = "spring-event",
        });
        Assert.Equal(plan, replay);
        await using (var data = Db.AdminDataSource())
        await using (var c = await data.OpenConnectionAsync())
            Assert.Equal(1, await Dapper.SqlMapper.ExecuteScalarAsync<int>(c, "SELECT count(*) FROM matching.outbox WHERE topic = 'matching.speed-rotation-planned'"));

        Assert.Equal(3, plan.Rounds.Count);
        var meetings = plan.Rounds.SelectMany(r => r.Meetings).ToList();
        Assert.Equal(meetings.Count, meetings.Select(m => (m.Mentee, m.Mentor)).Distinct().Count());
        Assert.All(plan.Rounds, r => Assert.Equal(mentees.Count, r.Meetings.Count + r.MenteesOnBreak.Count));
        var breaks = mentees.Select(m => plan.Rounds.Count(r => r.MenteesOnBreak.Contains(m))).ToList();
        Assert.True(breaks.Max() - breaks.Min() <= 1);
        Assert.Equal(start.AddMinutes(plan.SessionMinutes), plan.Rounds[1].StartTime.ToDateTime());

        var tooMany = await Assert.ThrowsAsync<RpcException>(() => admin.PlanSpeedRotationAsync(new PlanSpeedRotationRequest
        {
            Programme = programme.Name, Rounds = 4, StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(start),
        }).ResponseAsync);
        Assert.Equal(["rounds"], ViolatedFields(tooMany));
        var notSpeed = await Assert.ThrowsAsync<RpcException>(() => admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notSpeed.StatusCode);
    }

    /// <summary>Walks the person through profile's credentialing pipeline (observed by an external mentor) to the credential.</summary>
    private async Task CredentialAsync(string person)
    {
        var profileAdmin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
        var pipeline = $"{person}/credentialing";
        await profileAdmin.ApplyForCredentialAsync(new ApplyForCredentialRequest
        {
            Name = pipeline,
            Application = new MentorApplication { Motivation = "To give back.", Competencies = { "go" }, MonthlyHours = 4, DeclaresNoSupervisionOfMentees = true },
        });
        async Task Step(CredentialingStep step, string module = "") => await profileAdmin.RecordCredentialingStepAsync(new RecordCredentialingStepRequest
        {
            Name = pipeline, Step = step, Outcome = StepOutcome.Passed, Module = module, Reviewer = "external/Grace Hopper",
        });
        await Step(CredentialingStep.Selection);
        foreach (var module in (await profileAdmin.GetCredentialingAsync(new GetCredentialingRequest { Name = pipeline })).RequiredModules)
            await Step(CredentialingStep.ContentTraining, module);
        await Step(CredentialingStep.StructuredObservation);
        await Step(CredentialingStep.CoMentoring);
        await Step(CredentialingStep.IndependentSession);
        await profileAdmin.GrantInitialCredentialAsync(new GrantInitialCredentialRequest { Name = pipeline, Reviewer = "people/admin" });
    }

    [Fact]
    public async Task Credentials_from_profile_decide_who_may_mentor_where_they_are_required_and_who_may_co_mentor()
    {
        var programme = await CreateAsync(MentoringModel.OneToOne); // one-to-one requires credentialed mentors by default
        Assert.True(programme.Rules.CredentialRequired);
        var credentialed = await PersonAsync("Credentialed", PersonRole.Mentor, SeniorityLevel.Senior);
        var novice = await PersonAsync("Novice", PersonRole.Mentor, SeniorityLevel.Senior);
        var coMentor = await PersonAsync("Co", PersonRole.Mentor, SeniorityLevel.Principal);
        var mentee = await PersonAsync("Mentee", PersonRole.Mentee, SeniorityLevel.Junior);
        await CredentialAsync(credentialed);
        await CredentialAsync(coMentor);
        foreach (var m in new[] { credentialed, novice }) await EnrolAsync(programme, m, EnrolmentRole.Mentor);
        await EnrolAsync(programme, mentee, EnrolmentRole.Mentee);

        var run = await Eventually.Until("the credentials reached matching", async () =>
        {
            var r = await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });
            return r.Proposals.Count == 1 ? r : null;
        });
        Assert.Equal(credentialed, run.Proposals[0].Mentor);
        var published = await admin.PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = run.Name });
        var relationship = published.Relationships[0];

        var refused = await Assert.ThrowsAsync<RpcException>(() => admin.AddCoMentorAsync(new AddCoMentorRequest { Name = relationship, CoMentor = novice }).ResponseAsync);
        Assert.Equal(["co_mentor"], ViolatedFields(refused));
        var withCo = await Eventually.Until("the co-mentor's credential reached matching", async () =>
        {
            try { return await admin.AddCoMentorAsync(new AddCoMentorRequest { Name = relationship, CoMentor = coMentor }); }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument) { return null; }
        });
        Assert.Equal([credentialed, coMentor], withCo.Mentors);
        var twice = await Assert.ThrowsAsync<RpcException>(() => admin.AddCoMentorAsync(new AddCoMentorRequest { Name = relationship, CoMentor = coMentor }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
    }

    [Fact]
    public async Task A_competency_pairing_moves_to_closing_when_the_mentees_gap_is_assessed_closed()
    {
        var partner = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync());
        var profileAdmin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
        var competency = await profileAdmin.CreateCompetencyAsync(new CreateCompetencyRequest
        {
            Competency = new Competency
            {
                DisplayName = "Negotiation", Area = "leadership",
                Levels = { Enumerable.Range(1, 5).Select(i => new CompetencyLevel { Label = $"L{i}", Description = $"Level {i}" }) },
            },
        });
        var mentee = await Cast.AdoptAsync(Db, partner, "mentee", Cast.Details("Mia", PersonRole.Mentee, SeniorityLevel.Junior));
        var mentor = await Cast.AdoptAsync(Db, partner, "mentor", Cast.Details("Max", PersonRole.Mentor, SeniorityLevel.Senior));
        await profileAdmin.AssessCompetencyAsync(new AssessCompetencyRequest { Person = mentee, Competency = competency.Name, CurrentLevel = 1, TargetLevel = 3 });
        await profileAdmin.AssessCompetencyAsync(new AssessCompetencyRequest { Person = mentor, Competency = competency.Name, CurrentLevel = 5 });
        var programme = await CreateAsync(MentoringModel.Competency);
        Assert.Equal(EndCondition.GapClosed, programme.Rules.EndCondition);
        await EnrolAsync(programme, mentor, EnrolmentRole.Mentor);
        await Eventually.Until("the mentee enrolled", async () =>
        {
            try
            {
                return await admin.EnrolAsync(new EnrolRequest
                {
                    Programme = programme.Name, Enrolment = new Enrolment { Person = mentee, Role = EnrolmentRole.Mentee, Competencies = { competency.Name } },
                });
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        });
        var run = await Eventually.Until("the assessments reached matching", async () =>
        {
            var r = await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });
            return r.Proposals.Count == 1 && r.Proposals[0].Factors.Any(f => f.Factor == "competency_gap" && f.Points > 0) ? r : null;
        });
        var relationship = (await admin.PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = run.Name })).Relationships[0];
        foreach (var role in new[] { "mentee", "mentor" })
        {
            var (token, _) = await TestIdentity.CastAsync(role);
            await As(token).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Accepted });
        }

        // Lowering one's own target to the level reached does not close it: the targets are those the pairing started with.
        await profileAdmin.AssessCompetencyAsync(new AssessCompetencyRequest { Person = mentee, Competency = competency.Name, CurrentLevel = 2, TargetLevel = 2 });
        await Eventually.True("matching processed the assessment", async () =>
        {
            await using var data = Db.AdminDataSource();
            await using var c = await data.OpenConnectionAsync();
            var levels = await Dapper.SqlMapper.ExecuteScalarAsync<string>(c,
                "SELECT competencies->@competency->>'current' FROM matching.candidate WHERE person_id = @id",
                new { competency = competency.Name, id = Guid.Parse(mentee["people/".Length..]) });
            return levels == "2";
        });
        Assert.Equal(RelationshipState.Accepted, (await admin.GetRelationshipAsync(new GetRelationshipRequest { Name = relationship })).State);
        // Reaching the original target closes the gap and the pairing.
        await profileAdmin.AssessCompetencyAsync(new AssessCompetencyRequest { Person = mentee, Competency = competency.Name, CurrentLevel = 3, TargetLevel = 3 });
        var closing = await Eventually.Until("the relationship moved to closing", async () =>
        {
            var r = await admin.GetRelationshipAsync(new GetRelationshipRequest { Name = relationship });
            return r.State == RelationshipState.Closing ? r : null;
        });
        Assert.Equal(CloseReason.GoalsMet, closing.CloseReason);
        Assert.Contains("at or above its target", closing.History[^1].Note);
        Assert.Equal([RelationshipState.Proposed, RelationshipState.Accepted, RelationshipState.Closing], closing.History.Select(h => h.State));
    }

    private MatchingService.MatchingServiceClient As(string token) => Client<MatchingService.MatchingServiceClient>("matching", token);

    [Fact]
    public async Task A_relationship_still_working_when_its_time_box_elapses_moves_to_closing()
    {
        var partner = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync());
        var mentee = await Cast.AdoptAsync(Db, partner, "mentee", Cast.Details("Mia", PersonRole.Mentee, SeniorityLevel.Junior));
        var mentor = await Cast.AdoptAsync(Db, partner, "mentor", Cast.Details("Max", PersonRole.Mentor, SeniorityLevel.Senior));
        var programme = await CreateAsync(MentoringModel.OneToOne, new ProgrammeRules { CredentialRequired = false, DurationWeeks = 12 });
        await EnrolAsync(programme, mentor, EnrolmentRole.Mentor);
        await EnrolAsync(programme, mentee, EnrolmentRole.Mentee);
        var run = await Eventually.Until("both known", async () =>
        {
            var r = await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });
            return r.Proposals.Count == 1 ? r : null;
        });
        var name = (await admin.PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = run.Name })).Relationships[0];
        var proposed = await admin.GetRelationshipAsync(new GetRelationshipRequest { Name = name });
        Assert.InRange(proposed.EndTime.ToDateTime(), DateTime.UtcNow.AddDays(12 * 7 - 1), DateTime.UtcNow.AddDays(12 * 7 + 1));
        foreach (var role in new[] { "mentee", "mentor" })
        {
            var (token, _) = await TestIdentity.CastAsync(role);
            await As(token).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = name, State = RelationshipState.Accepted });
        }

        // Twelve weeks later (the clock is the database's: the deadline is moved instead of waiting).
        await using (var data = Db.AdminDataSource())
        await using (var c = await data.OpenConnectionAsync())
            await Dapper.SqlMapper.ExecuteAsync(c, "UPDATE matching.relationship_deadline SET ends_at = now() - interval '1 second'");

        var closing = await Eventually.Until("the time box closed it", async () =>
        {
            var r = await admin.GetRelationshipAsync(new GetRelationshipRequest { Name = name });
            return r.State == RelationshipState.Closing ? r : null;
        });
        Assert.Equal(CloseReason.TimeElapsed, closing.CloseReason);
        Assert.Equal("The programme's time box elapsed.", closing.History[^1].Note);
        // Participants end it as usual.
        var (menteeToken, _) = await TestIdentity.CastAsync("mentee");
        var closed = await As(menteeToken).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = name, State = RelationshipState.Closed });
        Assert.Equal((RelationshipState.Closed, CloseReason.TimeElapsed), (closed.State, closed.CloseReason));
    }

    [Fact]
    public async Task When_a_person_is_erased_their_open_relationships_close_as_left()
    {
        var programme = await CreateAsync(MentoringModel.OneToOne, new ProgrammeRules { CredentialRequired = false });
        var mentor = await PersonAsync("Mentor", PersonRole.Mentor, SeniorityLevel.Senior);
        var mentee = await PersonAsync("Mentee", PersonRole.Mentee, SeniorityLevel.Junior);
        await EnrolAsync(programme, mentor, EnrolmentRole.Mentor);
        await EnrolAsync(programme, mentee, EnrolmentRole.Mentee);
        var run = await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });
        var relationship = (await admin.PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = run.Name })).Relationships.Single();

        var profileAdmin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
        await profileAdmin.ErasePersonAsync(new ErasePersonRequest { Name = mentee });

        var closed = await Eventually.Until("the relationship closed", async () =>
        {
            var r = await admin.GetRelationshipAsync(new GetRelationshipRequest { Name = relationship });
            return r.State == RelationshipState.Closed ? r : null;
        });
        Assert.Equal(CloseReason.Left, closed.CloseReason);
        Assert.Empty((await admin.ListEnrolmentsAsync(new ListEnrolmentsRequest { Programme = programme.Name, Role = EnrolmentRole.Mentee })).Enrolments);
    }
}
