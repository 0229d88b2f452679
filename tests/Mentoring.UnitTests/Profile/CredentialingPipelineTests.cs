using Mentoring.Profile.Credentialing;

namespace Mentoring.UnitTests.Profile;

/// <summary>Every allowed and forbidden transition of the mentor credentialing state machine.</summary>
public class CredentialingPipelineTests
{
    private static readonly IReadOnlyList<string> Modules = CredentialingPipeline.DefaultModules;
    private static readonly DateTime Now = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static Pipeline At(Step step, PipelineState state = PipelineState.InProgress, DateTime? expiresAt = null, params string[] modules) =>
        new(state, step, new HashSet<string>(modules, StringComparer.OrdinalIgnoreCase), expiresAt);

    private static Pipeline Ok(Transition t)
    {
        Assert.Null(t.Refusal);
        return t.Next!;
    }

    private static void Refused(Transition t, RefusalKind kind = RefusalKind.Precondition, string? field = null)
    {
        Assert.Null(t.Next);
        Assert.Equal(kind, t.Refusal!.Kind);
        Assert.Equal(field, t.Refusal.Field);
    }

    [Fact]
    public void An_application_starts_in_progress_at_selection() =>
        Assert.Equal((PipelineState.InProgress, Step.Selection), (CredentialingPipeline.Start().State, CredentialingPipeline.Start().Current));

    [Fact]
    public void A_new_pipeline_may_start_without_one_after_a_rejection_or_after_an_expiry()
    {
        Assert.Null(CredentialingPipeline.CanApply(null, Now));
        Assert.Null(CredentialingPipeline.CanApply(At(Step.Selection, PipelineState.Rejected), Now));
        Assert.Null(CredentialingPipeline.CanApply(At(Step.InitialCredential, PipelineState.Credentialed, Now.AddDays(-1)), Now));
        Assert.Null(CredentialingPipeline.CanApply(At(Step.InitialCredential, PipelineState.Credentialed, Now), Now));
    }

    [Theory]
    [InlineData(Step.Selection)]
    [InlineData(Step.ContentTraining)]
    [InlineData(Step.InitialCredential)]
    public void No_new_pipeline_while_one_is_in_progress(Step step) =>
        Assert.Equal(RefusalKind.Precondition, CredentialingPipeline.CanApply(At(step), Now)!.Kind);

    [Fact]
    public void No_new_pipeline_while_a_credential_is_valid_or_never_expires()
    {
        Assert.NotNull(CredentialingPipeline.CanApply(At(Step.InitialCredential, PipelineState.Credentialed, Now.AddDays(1)), Now));
        Assert.NotNull(CredentialingPipeline.CanApply(At(Step.InitialCredential, PipelineState.Credentialed), Now));
    }

    [Theory]
    [InlineData(Step.Selection, Step.ContentTraining)]
    [InlineData(Step.StructuredObservation, Step.CoMentoring)]
    [InlineData(Step.CoMentoring, Step.IndependentSession)]
    [InlineData(Step.IndependentSession, Step.InitialCredential)]
    public void Passing_the_current_step_advances_to_the_next(Step current, Step next)
    {
        var after = Ok(CredentialingPipeline.Record(At(current), current, Outcome.Passed, null, Modules));
        Assert.Equal((PipelineState.InProgress, next), (after.State, after.Current));
    }

    [Theory]
    [InlineData(Step.StructuredObservation)]
    [InlineData(Step.CoMentoring)]
    [InlineData(Step.IndependentSession)]
    public void Failing_a_step_after_selection_keeps_it_current_for_a_retry(Step current)
    {
        var after = Ok(CredentialingPipeline.Record(At(current), current, Outcome.Failed, null, Modules));
        Assert.Equal((PipelineState.InProgress, current), (after.State, after.Current));
        var retried = Ok(CredentialingPipeline.Record(after, current, Outcome.Passed, null, Modules));
        Assert.Equal(current + 1, retried.Current);
    }

    [Fact]
    public void Failing_selection_rejects_and_ends_the_pipeline()
    {
        var after = Ok(CredentialingPipeline.Record(At(Step.Selection), Step.Selection, Outcome.Failed, null, Modules));
        Assert.Equal((PipelineState.Rejected, Step.Selection), (after.State, after.Current));
        Refused(CredentialingPipeline.Record(after, Step.Selection, Outcome.Passed, null, Modules));
        Refused(CredentialingPipeline.Grant(after, null));
    }

    public static TheoryData<Step, Step> OutOfOrder()
    {
        var data = new TheoryData<Step, Step>();
        foreach (var current in new[] { Step.Selection, Step.ContentTraining, Step.StructuredObservation, Step.CoMentoring, Step.IndependentSession, Step.InitialCredential })
        foreach (var step in new[] { Step.Selection, Step.ContentTraining, Step.StructuredObservation, Step.CoMentoring, Step.IndependentSession })
            if (step != current) data.Add(current, step);
        return data;
    }

    [Theory]
    [MemberData(nameof(OutOfOrder))]
    public void Evidence_for_any_step_but_the_current_one_is_refused(Step current, Step step)
    {
        foreach (var outcome in new[] { Outcome.Passed, Outcome.Failed })
            Refused(CredentialingPipeline.Record(At(current), step, outcome, step == Step.ContentTraining ? Modules[0] : null, Modules));
    }

    [Theory]
    [InlineData(Step.Application)]
    [InlineData(Step.InitialCredential)]
    public void Application_and_credential_are_not_recorded_as_evidence(Step step) =>
        Refused(CredentialingPipeline.Record(At(step), step, Outcome.Passed, null, Modules), RefusalKind.InvalidField, "step");

    [Theory]
    [InlineData(PipelineState.Rejected)]
    [InlineData(PipelineState.Credentialed)]
    public void An_ended_pipeline_takes_no_evidence(PipelineState state) =>
        Refused(CredentialingPipeline.Record(At(Step.CoMentoring, state), Step.CoMentoring, Outcome.Passed, null, Modules));

    [Fact]
    public void Content_training_passes_when_every_required_module_is_passed_in_any_order_with_retries()
    {
        var p = At(Step.ContentTraining);
        p = Ok(CredentialingPipeline.Record(p, Step.ContentTraining, Outcome.Passed, "Strategic-Planning", Modules));
        p = Ok(CredentialingPipeline.Record(p, Step.ContentTraining, Outcome.Failed, "adult-learning", Modules));
        Assert.Equal(Step.ContentTraining, p.Current);
        p = Ok(CredentialingPipeline.Record(p, Step.ContentTraining, Outcome.Passed, "adult-learning", Modules));
        p = Ok(CredentialingPipeline.Record(p, Step.ContentTraining, Outcome.Passed, "problem-solving", Modules));
        Assert.Equal(Step.ContentTraining, p.Current);
        p = Ok(CredentialingPipeline.Record(p, Step.ContentTraining, Outcome.Passed, "levels-of-learning", Modules));
        Assert.Equal((PipelineState.InProgress, Step.StructuredObservation), (p.State, p.Current));
    }

    [Fact]
    public void A_tenants_extra_module_is_required_too()
    {
        string[] modules = [.. Modules, "ethics"];
        var p = At(Step.ContentTraining, modules: [.. Modules]);
        p = Ok(CredentialingPipeline.Record(p, Step.ContentTraining, Outcome.Failed, "ethics", modules));
        Assert.Equal(Step.ContentTraining, p.Current);
        Assert.Equal(Step.StructuredObservation, Ok(CredentialingPipeline.Record(p, Step.ContentTraining, Outcome.Passed, "ethics", modules)).Current);
    }

    [Fact]
    public void Content_training_needs_a_known_module_not_yet_passed()
    {
        var p = At(Step.ContentTraining, modules: "adult-learning");
        Refused(CredentialingPipeline.Record(p, Step.ContentTraining, Outcome.Passed, "", Modules), RefusalKind.InvalidField, "module");
        Refused(CredentialingPipeline.Record(p, Step.ContentTraining, Outcome.Passed, "juggling", Modules), RefusalKind.InvalidField, "module");
        Refused(CredentialingPipeline.Record(p, Step.ContentTraining, Outcome.Passed, "ADULT-LEARNING", Modules));
    }

    [Fact]
    public void Other_steps_take_no_module() =>
        Refused(CredentialingPipeline.Record(At(Step.CoMentoring), Step.CoMentoring, Outcome.Passed, "adult-learning", Modules), RefusalKind.InvalidField, "module");

    [Fact]
    public void The_credential_is_granted_only_at_the_last_step_of_a_pipeline_in_progress()
    {
        var granted = Ok(CredentialingPipeline.Grant(At(Step.InitialCredential), Now.AddYears(1)));
        Assert.Equal((PipelineState.Credentialed, Step.InitialCredential, Now.AddYears(1)), (granted.State, granted.Current, granted.ExpiresAt));
        Refused(CredentialingPipeline.Grant(granted, null));
        foreach (var step in new[] { Step.Selection, Step.ContentTraining, Step.StructuredObservation, Step.CoMentoring, Step.IndependentSession })
            Refused(CredentialingPipeline.Grant(At(step), null));
    }

    [Fact]
    public void Renewal_extends_an_expiring_credential_even_after_it_expired()
    {
        var credential = At(Step.InitialCredential, PipelineState.Credentialed, Now.AddDays(-3));
        Assert.True(credential.IsExpired(Now));
        var renewed = Ok(CredentialingPipeline.Renew(credential, Now.AddYears(1), Now));
        Assert.Equal((PipelineState.Credentialed, Now.AddYears(1)), (renewed.State, renewed.ExpiresAt));
        Assert.False(renewed.IsExpired(Now));
    }

    [Fact]
    public void Renewal_is_refused_before_the_credential_without_expiry_or_to_an_earlier_or_past_time()
    {
        Refused(CredentialingPipeline.Renew(At(Step.InitialCredential), Now.AddYears(1), Now));
        Refused(CredentialingPipeline.Renew(At(Step.Selection, PipelineState.Rejected), Now.AddYears(1), Now));
        Refused(CredentialingPipeline.Renew(At(Step.InitialCredential, PipelineState.Credentialed), Now.AddYears(1), Now));
        var credential = At(Step.InitialCredential, PipelineState.Credentialed, Now.AddYears(1));
        Refused(CredentialingPipeline.Renew(credential, Now.AddDays(-1), Now), RefusalKind.InvalidField, "expire_time");
        Refused(CredentialingPipeline.Renew(credential, Now.AddMonths(6), Now), RefusalKind.InvalidField, "expire_time");
    }
}
