using System.Text;
using System.Text.Json;
using Dapper;
using Google.Protobuf;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Protection;
using Mentoring.Feedback.Relationships;
using Npgsql;
using Step = Mentoring.Contracts.Profile.V1.CredentialingStep;
using Outcome = Mentoring.Contracts.Profile.V1.StepOutcome;

namespace Mentoring.Feedback.Observations;

/// <summary>
/// Observations of candidate mentors (docs/feedback.md, "Credentialing observations"): the observer
/// fills the step's rubric, the rubric gives the outcome, <c>ObservationCompleted</c> takes it to
/// profile in the same transaction. Who may observe is profile's rule, checked there; here only
/// that the observer is a person other than the candidate. Readable by the candidate, the observer
/// and administrators; the observer's notes are sealed.
/// </summary>
public sealed class ObservationHandlers(TenantDatabase db, DataKeyRing keys, Outbox outbox, TimeProvider clock)
{
    public const string Collection = "observations";
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid CandidateId { get; init; }
        public Guid ObserverId { get; init; }
        public short Step { get; init; }
        public Guid? RelationshipId { get; init; }
        public DateTime OccurredAt { get; init; }
        public string Rubric { get; init; } = "";
        public string Ratings { get; init; } = "";
        public bool Passed { get; init; }
        public byte[] Notes { get; init; } = [];
        public DateTime CreatedAt { get; init; }
    }

    private const string Select =
        """
        SELECT id, candidate_id AS CandidateId, observer_id AS ObserverId, step, relationship_id AS RelationshipId,
               occurred_at AS OccurredAt, rubric::text AS Rubric, ratings::text AS Ratings, passed, notes, created_at AS CreatedAt
        FROM observation
        """;

    public async Task<Observation> CreateAsync(CreateObservationRequest request, Caller caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations().MaxLength("request_id", request.RequestId, 100);
        if (!ResourceName.TryParse("people", request.Parent, out var candidateId)) v.Add("parent", "must be people/{person_id}");
        var o = request.Observation;
        var occurredAt = now;
        Guid? relationshipId = null;
        if (o is null) v.Add("observation", "is required");
        else
        {
            if (!ObservationRubrics.IsObserved(o.Step)) v.Add("observation.step", "must be STRUCTURED_OBSERVATION, CO_MENTORING or INDEPENDENT_SESSION");
            if (o.Relationship.Length > 0)
            {
                if (ResourceName.TryParse(RelationshipRow.Collection, o.Relationship, out var r)) relationshipId = r;
                else v.Add("observation.relationship", "must be relationships/{relationship_id}");
            }
            if (o.OccurTime is { } t)
            {
                if (t.Seconds < -62135596800 || t.Seconds > 253402300799 || t.Nanos is < 0 or > 999_999_999) v.Add("observation.occur_time", "must be a valid time");
                else if ((occurredAt = t.ToDateTime()) > now + Skew) v.Add("observation.occur_time", "must not be in the future");
            }
            v.MaxLength("observation.notes", o.Notes, 4000);
            if (o.Ratings.Count == 0) v.Add("observation.ratings", "is required: rate every criterion of the step's rubric");
        }
        v.ThrowIfAny();
        var observerId = ContentNames.Acting(caller);
        if (observerId == candidateId) throw Violations.Single("parent", "must be a candidate other than the observer");

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            if (request.RequestId.Length > 0 && await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                    $"{Select} WHERE tenant_id = @tenantId AND observer_id = @observerId AND request_id = @RequestId",
                    new { tenantId, observerId, request.RequestId }, tx, cancellationToken: token)) is { } replay)
                return await ViewAsync(c, tx, tenantId, replay, token);
            if (!await Participants.ParticipantStore.IsKnownAsync(c, tx, tenantId, candidateId, token))
                throw new RpcException(new Status(StatusCode.NotFound, $"{request.Parent} is not known here."));
            if (relationshipId is { } rel && !await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM relationship_participant WHERE tenant_id = @tenantId AND relationship_id = @rel AND person_id IN (@candidateId, @observerId))",
                    new { tenantId, rel, candidateId, observerId }, tx, cancellationToken: token)))
                throw Violations.Single("observation.relationship", "must be a relationship the candidate or the observer takes part in");

            var rubric = await ObservationRubricHandlers.LoadAsync(c, tx, tenantId, o!.Step, token);
            var check = new Violations();
            ObservationRubrics.CheckRatings(check, "observation.", rubric, o.Ratings);
            check.ThrowIfAny();
            var outcome = ObservationRubrics.Score(rubric, o.Ratings);

            var id = Guid.NewGuid();
            var ratings = o.Ratings.Select(r => new CriterionRating { Criterion = r.Criterion, Met = r.Met }).ToList();
            var inserted = await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO observation (tenant_id, id, candidate_id, observer_id, step, relationship_id, occurred_at, rubric, ratings, passed, notes, request_id, created_at)
                VALUES (@tenantId, @id, @candidateId, @observerId, @step, @relationshipId, @occurredAt, @rubric::jsonb, @ratings::jsonb, @passed, @notes, @RequestId, @now)
                ON CONFLICT (tenant_id, observer_id, request_id) WHERE request_id <> '' DO NOTHING
                """,
                new
                {
                    tenantId, id, candidateId, observerId, step = (short)o.Step, relationshipId, occurredAt,
                    rubric = RubricJson(rubric), ratings = RatingsJson(ratings), passed = outcome == Outcome.Passed,
                    notes = await keys.SealAsync(c, tx, tenantId, Encoding.UTF8.GetBytes(o.Notes.Trim()), Place(id, candidateId), token),
                    request.RequestId, now,
                }, tx, cancellationToken: token));
            if (inserted == 0)
                // A concurrent retry with the same request id won: answer with its observation.
                return await ViewAsync(c, tx, tenantId, (await c.QuerySingleAsync<Row>(new CommandDefinition(
                    $"{Select} WHERE tenant_id = @tenantId AND observer_id = @observerId AND request_id = @RequestId",
                    new { tenantId, observerId, request.RequestId }, tx, cancellationToken: token))), token);

            await outbox.EnqueueAsync(new ObservationCompleted
            {
                Observation = NameOf(candidateId, id), Candidate = ContentNames.Person(candidateId), Observer = ContentNames.Person(observerId),
                Step = o.Step, Outcome = outcome, OccurTime = ContentNames.Utc(occurredAt),
                Summary = ObservationRubrics.Summary(rubric, ratings),
            }, tenantId, c, tx, token);
            return await ViewAsync(c, tx, tenantId, await c.QuerySingleAsync<Row>(new CommandDefinition(
                $"{Select} WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, tx, cancellationToken: token)), token);
        }, ct);
    }

    public async Task<Observation> GetAsync(GetObservationRequest request, Caller caller, CancellationToken ct)
    {
        if (!NestedName.TryParse(request.Name, "people", Collection, out Guid candidateId, out Guid id))
            throw Violations.Single("name", "must be people/{person_id}/observations/{observation_id}");
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"{Select} WHERE tenant_id = @tenantId AND candidate_id = @candidateId AND id = @id", new { tenantId, candidateId, id }, tx, cancellationToken: token));
            // Anyone but the candidate, the observer and administrators learns nothing, not even that it exists.
            if (row is null || !MayRead(caller, row))
                throw new RpcException(new Status(StatusCode.NotFound, $"{request.Name} not found."));
            return await ViewAsync(c, tx, tenantId, row, token);
        }, ct);
    }

    public async Task<ListObservationsResponse> ListAsync(ListObservationsRequest request, Caller caller, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", request.Parent, out var candidateId)) throw Violations.Single("parent", "must be people/{person_id}");
        var tenantId = db.TenantId;
        // The candidate and administrators see all; an observer sees the ones they made.
        var everything = caller.Kind == CallerKind.Administrator || caller.Person == request.Parent;
        var observerId = ResourceName.TryParse("people", caller.Person, out var me) ? me : Guid.Empty;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var rows = await c.QueryAsync<Row>(new CommandDefinition(
                $"{Select} WHERE tenant_id = @tenantId AND candidate_id = @candidateId AND (@everything OR observer_id = @observerId) ORDER BY created_at DESC, id LIMIT 200",
                new { tenantId, candidateId, everything, observerId }, tx, cancellationToken: token));
            var response = new ListObservationsResponse();
            foreach (var row in rows) response.Observations.Add(await ViewAsync(c, tx, tenantId, row, token));
            return response;
        }, ct);
    }

    private static bool MayRead(Caller caller, Row row) =>
        caller.Kind == CallerKind.Administrator
        || caller.Person == ContentNames.Person(row.CandidateId)
        || caller.Person == ContentNames.Person(row.ObserverId);

    private async Task<Observation> ViewAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Row row, CancellationToken ct)
    {
        var step = (Step)row.Step;
        var rubric = ObservationRubricHandlers.Parse(row.Rubric);
        rubric.Name = ObservationRubrics.NameOf(step);
        var view = new Observation
        {
            Name = NameOf(row.CandidateId, row.Id), Step = step, Observer = ContentNames.Person(row.ObserverId),
            Relationship = row.RelationshipId is { } r ? ResourceName.Format(RelationshipRow.Collection, r) : "",
            OccurTime = ContentNames.Utc(row.OccurredAt), Rubric = rubric,
            Outcome = row.Passed ? Outcome.Passed : Outcome.Failed, CreateTime = ContentNames.Utc(row.CreatedAt),
            Notes = Encoding.UTF8.GetString(await keys.OpenAsync(c, tx, tenantId, row.Notes, Place(row.Id, row.CandidateId), ct)),
        };
        view.Ratings.AddRange(JsonSerializer.Deserialize<List<StoredRating>>(row.Ratings)!.Select(x => new CriterionRating { Criterion = x.Criterion, Met = x.Met }));
        return view;
    }

    private sealed record StoredRating(string Criterion, bool Met);

    private static string RatingsJson(IEnumerable<CriterionRating> ratings) =>
        JsonSerializer.Serialize(ratings.Select(r => new StoredRating(r.Criterion, r.Met)));

    private static string RubricJson(ObservationRubric rubric)
    {
        var stored = rubric.Clone();
        stored.Name = ""; stored.Etag = ""; stored.Defaults = false;
        return JsonFormatter.Default.Format(stored);
    }

    public static string NameOf(Guid candidateId, Guid id) => $"{ContentNames.Person(candidateId)}/{Collection}/{id}";

    private static string Place(Guid id, Guid candidateId) => $"observation/{id}/{candidateId}/notes";
}
