namespace Mentoring.Profile.Credentialing;

/// <summary>The steps of mentor credentialing, in order (values as in the contract's CredentialingStep).</summary>
public enum Step : short
{
    Application = 1,
    Selection = 2,
    ContentTraining = 3,
    StructuredObservation = 4,
    CoMentoring = 5,
    IndependentSession = 6,
    InitialCredential = 7,
}

/// <summary>Stored states (the contract's EXPIRED is Credentialed past its expiry, derived when read).</summary>
public enum PipelineState : short
{
    InProgress = 1,
    Rejected = 2,
    Credentialed = 3,
}

public enum Outcome : short
{
    Passed = 1,
    Failed = 2,
}

/// <summary>Where a pipeline stands: its state, current step and the training modules passed so far.</summary>
public sealed record Pipeline(PipelineState State, Step Current, IReadOnlySet<string> CompletedModules, DateTime? ExpiresAt = null)
{
    public bool IsExpired(DateTime now) => State == PipelineState.Credentialed && ExpiresAt is { } e && e <= now;
}

/// <summary>Why a transition is refused: a precondition of the pipeline, or bad input.</summary>
public enum RefusalKind
{
    /// <summary>FAILED_PRECONDITION: the pipeline is not where the request assumes.</summary>
    Precondition,
    /// <summary>INVALID_ARGUMENT on the named field.</summary>
    InvalidField,
}

public sealed record Refusal(RefusalKind Kind, string Message, string? Field = null);

/// <summary>The result of a transition: the pipeline after it, or why it is refused.</summary>
public sealed record Transition(Pipeline? Next, Refusal? Refusal)
{
    public static Transition To(Pipeline next) => new(next, null);
    public static Transition Refuse(string message) => new(null, new Refusal(RefusalKind.Precondition, message));
    public static Transition Invalid(string field, string message) => new(null, new Refusal(RefusalKind.InvalidField, message, field));
}

/// <summary>
/// The mentor credentialing state machine (docs/domain.md §5), pure: no I/O, no clock of its own.
/// <list type="bullet">
/// <item>An application starts a pipeline IN_PROGRESS at SELECTION (APPLICATION is passed by applying).
/// A new pipeline may start when the person has none, or the latest was rejected or its credential expired.</item>
/// <item>Evidence is accepted only for the current step, SELECTION to INDEPENDENT_SESSION, of a pipeline IN_PROGRESS.</item>
/// <item>PASSED advances to the next step; FAILED keeps the step current (retry), except at SELECTION,
/// where it ends the pipeline as REJECTED.</item>
/// <item>CONTENT_TRAINING is recorded per module: a PASSED module is added to the completed ones; the
/// step is passed when every required module is completed. A module already passed is refused;
/// modules outside the required set are invalid.</item>
/// <item>INITIAL_CREDENTIAL is reached after INDEPENDENT_SESSION passed; granting it makes the
/// pipeline CREDENTIALED (terminal, except renewals of its expiry).</item>
/// </list>
/// </summary>
public static class CredentialingPipeline
{
    public static IReadOnlyList<string> DefaultModules { get; } =
        ["adult-learning", "levels-of-learning", "problem-solving", "strategic-planning"];

    /// <summary>The pipeline right after an application.</summary>
    public static Pipeline Start() => new(PipelineState.InProgress, Step.Selection, new HashSet<string>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether a new pipeline may start, given the person's latest (null when none).</summary>
    public static Refusal? CanApply(Pipeline? latest, DateTime now) => latest switch
    {
        null => null,
        { State: PipelineState.Rejected } => null,
        var p when p.IsExpired(now) => null,
        { State: PipelineState.InProgress } => new Refusal(RefusalKind.Precondition, "the person already has a credentialing pipeline in progress"),
        _ => new Refusal(RefusalKind.Precondition, "the person is already credentialed"),
    };

    /// <summary>Evidence for <paramref name="step"/> with <paramref name="outcome"/> (and, for content training, the module).</summary>
    public static Transition Record(Pipeline pipeline, Step step, Outcome outcome, string? module, IReadOnlyCollection<string> requiredModules)
    {
        if (pipeline.State != PipelineState.InProgress)
            return Transition.Refuse($"the pipeline has ended ({pipeline.State})");
        if (step is Step.Application)
            return Transition.Invalid("step", "APPLICATION is recorded by ApplyForCredential");
        if (step is Step.InitialCredential)
            return Transition.Invalid("step", "INITIAL_CREDENTIAL is recorded by GrantInitialCredential");
        if (step != pipeline.Current)
            return Transition.Refuse($"steps happen in order: the current step is {pipeline.Current}, not {step}");

        if (step == Step.ContentTraining)
        {
            if (string.IsNullOrWhiteSpace(module))
                return Transition.Invalid("module", "is required for CONTENT_TRAINING");
            var known = requiredModules.FirstOrDefault(m => string.Equals(m, module, StringComparison.OrdinalIgnoreCase));
            if (known is null)
                return Transition.Invalid("module", $"must be one of the required modules: {string.Join(", ", requiredModules)}");
            if (pipeline.CompletedModules.Contains(known))
                return Transition.Refuse($"the module {known} is already passed");
            if (outcome == Outcome.Failed) return Transition.To(pipeline);
            var completed = new HashSet<string>(pipeline.CompletedModules, StringComparer.OrdinalIgnoreCase) { known };
            var allDone = requiredModules.All(completed.Contains);
            return Transition.To(pipeline with { CompletedModules = completed, Current = allDone ? Step.StructuredObservation : step });
        }

        if (!string.IsNullOrEmpty(module))
            return Transition.Invalid("module", "is only for CONTENT_TRAINING");
        return (step, outcome) switch
        {
            (Step.Selection, Outcome.Failed) => Transition.To(pipeline with { State = PipelineState.Rejected }),
            (_, Outcome.Failed) => Transition.To(pipeline),
            _ => Transition.To(pipeline with { Current = step + 1 }),
        };
    }

    /// <summary>Granting the initial credential: only at INITIAL_CREDENTIAL of a pipeline in progress.</summary>
    public static Transition Grant(Pipeline pipeline, DateTime? expiresAt)
    {
        if (pipeline.State != PipelineState.InProgress)
            return Transition.Refuse($"the pipeline has ended ({pipeline.State})");
        if (pipeline.Current != Step.InitialCredential)
            return Transition.Refuse($"the credential comes last: the current step is {pipeline.Current}");
        return Transition.To(pipeline with { State = PipelineState.Credentialed, ExpiresAt = expiresAt });
    }

    /// <summary>Extending a credential (expired or not) to <paramref name="expiresAt"/>, which must be later than now and the current expiry.</summary>
    public static Transition Renew(Pipeline pipeline, DateTime expiresAt, DateTime now)
    {
        if (pipeline.State != PipelineState.Credentialed)
            return Transition.Refuse("only a credential can be renewed: the pipeline is " + pipeline.State);
        if (pipeline.ExpiresAt is null)
            return Transition.Refuse("the credential does not expire");
        if (expiresAt <= now)
            return Transition.Invalid("expire_time", "must be in the future");
        if (pipeline.ExpiresAt is { } current && expiresAt <= current)
            return Transition.Invalid("expire_time", "must be after the current expiry");
        return Transition.To(pipeline with { ExpiresAt = expiresAt });
    }
}
