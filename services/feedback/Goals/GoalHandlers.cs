using Dapper;
using Google.Protobuf;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Protection;
using Mentoring.Feedback.Relationships;
using Npgsql;

namespace Mentoring.Feedback.Goals;

/// <summary>
/// The relationship's action plan (docs/domain.md §4): participants set and change goals; mentors
/// review progress. A goal is sealed as one message; its status and progress are kept plain too,
/// for the programme aggregates.
/// </summary>
public sealed class GoalHandlers(TenantDatabase db, DataKeyRing keys, TimeProvider clock)
{
    public const string Collection = "goals";

    private sealed record Row(Guid Id, Guid RelationshipId, Guid OwnerId, byte[] Content, int Revision, DateTime CreatedAt,
        short? PreLevel, DateTime? PreAt, short? PostLevel, DateTime? PostAt);

    public async Task<Goal> CreateAsync(CreateGoalRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations().MaxLength("request_id", request.RequestId, 100);
        if (!ResourceName.TryParse(RelationshipRow.Collection, request.Parent, out var relationshipId)) v.Add("parent", "must be relationships/{relationship_id}");
        if (request.Goal is null) v.Add("goal", "is required");
        else GoalRules.Check(v, "goal.", request.Goal, GoalRules.Fields);
        v.ThrowIfAny();
        var me = ContentNames.Acting(caller);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadLiveAsync(c, tx, tenantId, relationshipId, request.Parent, token);
            relationship.EnsureParticipant(me, "set goals");
            if (request.RequestId.Length > 0 && await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                    $"{Select} WHERE g.tenant_id = @tenantId AND g.relationship_id = @relationshipId AND g.request_id = @RequestId",
                    new { tenantId, relationshipId, request.RequestId }, tx, cancellationToken: token)) is { } replay)
                return await ViewAsync(c, tx, tenantId, replay, token);
            var goal = Editable(request.Goal!, GoalRules.Fields, new Goal());
            if (goal.Owner.Length == 0)
                goal.Owner = ContentNames.Person(relationship.Members.FirstOrDefault(m => !m.Mentor)?.PersonId ?? me);
            EnsureParticipants(relationship, goal);
            var id = Guid.NewGuid();
            var inserted = await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO goal (tenant_id, id, relationship_id, owner_id, content, request_id)
                VALUES (@tenantId, @id, @relationshipId, @owner, @content, @RequestId)
                ON CONFLICT (tenant_id, relationship_id, request_id) WHERE request_id <> '' DO NOTHING
                """, new { tenantId, id, relationshipId, owner = PersonId(goal.Owner), content = await SealAsync(c, tx, tenantId, id, relationshipId, goal, token), request.RequestId },
                tx, cancellationToken: token));
            if (inserted == 0)
                // A concurrent retry with the same request id won: answer with its goal.
                id = await c.ExecuteScalarAsync<Guid>(new CommandDefinition(
                    "SELECT id FROM goal WHERE tenant_id = @tenantId AND relationship_id = @relationshipId AND request_id = @RequestId",
                    new { tenantId, relationshipId, request.RequestId }, tx, cancellationToken: token));
            return await ViewAsync(c, tx, tenantId, await LoadAsync(c, tx, tenantId, relationshipId, id, token), token);
        }, ct);
    }

    public async Task<Goal> UpdateAsync(UpdateGoalRequest request, Caller caller, CancellationToken ct)
    {
        var g = request.Goal ?? throw Violations.Single("goal", "is required");
        var v = new Violations();
        var (relationshipId, id) = Parse(g.Name, "goal.name", v);
        var paths = request.UpdateMask?.Paths.ToList() ?? [];
        if (paths.Count == 0) v.Add("update_mask", "is required: name the fields to update, or *");
        foreach (var path in paths.Where(p => p != "*" && !GoalRules.Fields.Contains(p))) v.Add("update_mask", $"'{path}' is not an updatable field of Goal");
        var fields = paths.Contains("*") ? GoalRules.Fields : paths.Where(GoalRules.Fields.Contains).Distinct().ToList();
        GoalRules.Check(v, "goal.", g, fields);
        v.ThrowIfAny();
        var me = ContentNames.Acting(caller);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadLiveAsync(c, tx, tenantId, relationshipId, ResourceName.Format(RelationshipRow.Collection, relationshipId), token);
            relationship.EnsureParticipant(me, "change goals");
            var row = await LoadAsync(c, tx, tenantId, relationshipId, id, token, forUpdate: true);
            if (g.Etag.Length > 0 && g.Etag != ContentNames.Etag(row.Revision)) throw new RpcException(new Status(StatusCode.Aborted, $"{g.Name} changed since it was read."));
            var current = await OpenAsync(c, tx, tenantId, row, token);
            var next = Editable(g, fields, current);
            if (next.Owner.Length == 0) next.Owner = current.Owner;
            EnsureParticipants(relationship, next);
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE goal SET content = @content, owner_id = @owner, revision = revision + 1 WHERE tenant_id = @tenantId AND id = @id",
                new { tenantId, id, owner = PersonId(next.Owner), content = await SealAsync(c, tx, tenantId, id, relationshipId, next, token) }, tx, cancellationToken: token));
            return await ViewAsync(c, tx, tenantId, await LoadAsync(c, tx, tenantId, relationshipId, id, token), token);
        }, ct);
    }

    public async Task<ListGoalsResponse> ListAsync(ListGoalsRequest request, CancellationToken ct)
    {
        if (!ResourceName.TryParse(RelationshipRow.Collection, request.Parent, out var relationshipId))
            throw Violations.Single("parent", "must be relationships/{relationship_id}");
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            await RelationshipStore.LoadKnownAsync(c, tx, tenantId, relationshipId, request.Parent, token);
            var rows = await c.QueryAsync<Row>(new CommandDefinition(
                $"{Select} WHERE g.tenant_id = @tenantId AND g.relationship_id = @relationshipId ORDER BY g.created_at, g.id LIMIT 500",
                new { tenantId, relationshipId }, tx, cancellationToken: token));
            var response = new ListGoalsResponse();
            foreach (var row in rows) response.Goals.Add(await ViewAsync(c, tx, tenantId, row, token));
            return response;
        }, ct);
    }

    public async Task<Goal> ReviewAsync(ReviewGoalProgressRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        var (relationshipId, id) = Parse(request.Name, "name", v);
        if (request.Status == GoalStatus.Unspecified || !Enum.IsDefined(request.Status)) v.Add("status", "is required: NOT_STARTED, ON_TRACK, AT_RISK, ACHIEVED or DROPPED");
        if (request.HasProgressPercent && request.ProgressPercent is < 0 or > 100) v.Add("progress_percent", "must be between 0 and 100");
        v.MaxLength("note", request.Note, 2000);
        v.ThrowIfAny();
        var me = ContentNames.Acting(caller);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadLiveAsync(c, tx, tenantId, relationshipId, ResourceName.Format(RelationshipRow.Collection, relationshipId), token);
            if (!relationship.Members.Any(m => m.Mentor && m.PersonId == me))
                throw new RpcException(new Status(StatusCode.PermissionDenied, "Progress is reviewed by the relationship's mentors."));
            var row = await LoadAsync(c, tx, tenantId, relationshipId, id, token, forUpdate: true);
            var goal = await OpenAsync(c, tx, tenantId, row, token);
            var percent = request.HasProgressPercent ? request.ProgressPercent : GoalRules.MilestoneProgress(goal);
            if (request.Status == GoalStatus.Achieved && !request.HasProgressPercent) percent = 100;
            goal.Reviews.Add(new ProgressReview
            {
                Reviewer = ContentNames.Person(me), ReviewTime = ContentNames.Utc(clock.GetUtcNow().UtcDateTime),
                Status = request.Status, ProgressPercent = percent, Note = request.Note.Trim(),
            });
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE goal SET content = @content, status = @status, progress = @percent, revision = revision + 1 WHERE tenant_id = @tenantId AND id = @id",
                new { tenantId, id, content = await SealAsync(c, tx, tenantId, id, relationshipId, goal, token), status = (short)request.Status, percent = (short)percent },
                tx, cancellationToken: token));
            return await ViewAsync(c, tx, tenantId, await LoadAsync(c, tx, tenantId, relationshipId, id, token), token);
        }, ct);
    }

    /// <summary>
    /// The goal's owner rates themself against it before (PRE) and after (POST); the levels are kept
    /// plain beside the sealed goal for the mentor outcome figure and the programme aggregates.
    /// </summary>
    public async Task<Goal> AssessAsync(AssessGoalRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        var (relationshipId, id) = Parse(request.Name, "name", v);
        if (request.Moment == AssessmentMoment.Unspecified || !Enum.IsDefined(request.Moment)) v.Add("moment", "is required: PRE or POST");
        if (request.Level is < 1 or > 10) v.Add("level", "must be between 1 and 10");
        v.ThrowIfAny();
        var me = ContentNames.Acting(caller);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadLiveAsync(c, tx, tenantId, relationshipId, ResourceName.Format(RelationshipRow.Collection, relationshipId), token);
            relationship.EnsureParticipant(me, "assess goals");
            var row = await LoadAsync(c, tx, tenantId, relationshipId, id, token, forUpdate: true);
            if (row.OwnerId != me)
                throw new RpcException(new Status(StatusCode.PermissionDenied, "Only the goal's owner assesses themself against it."));
            if (request.Moment == AssessmentMoment.Post && row.PreLevel is null)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "Rate yourself near the start (PRE) before rating the end (POST)."));
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO goal_self_assessment (tenant_id, goal_id, moment, level, assessed_at) VALUES (@tenantId, @id, @moment, @level, @now)
                ON CONFLICT (tenant_id, goal_id, moment) DO UPDATE SET level = excluded.level, assessed_at = excluded.assessed_at;
                UPDATE goal SET revision = revision + 1 WHERE tenant_id = @tenantId AND id = @id;
                """, new { tenantId, id, moment = (short)request.Moment, level = (short)request.Level, now = clock.GetUtcNow().UtcDateTime },
                tx, cancellationToken: token));
            return await ViewAsync(c, tx, tenantId, await LoadAsync(c, tx, tenantId, relationshipId, id, token), token);
        }, ct);
    }

    /// <summary>The stored goal with the masked fields taken from <paramref name="update"/>; reviews are never written by callers.</summary>
    private static Goal Editable(Goal update, IReadOnlyCollection<string> fields, Goal current)
    {
        var next = current.Clone();
        foreach (var field in fields)
        {
            var descriptor = Goal.Descriptor.FindFieldByName(field);
            if (descriptor.IsRepeated)
            {
                var target = (System.Collections.IList)descriptor.Accessor.GetValue(next);
                target.Clear();
                foreach (var item in (System.Collections.IList)descriptor.Accessor.GetValue(update)) target.Add(descriptor.MessageType.Parser.ParseFrom(((IMessage)item).ToByteString()));
            }
            else descriptor.Accessor.SetValue(next, descriptor.Accessor.GetValue(update) is string s ? s.Trim() : descriptor.Accessor.GetValue(update));
        }
        return next;
    }

    private static void EnsureParticipants(RelationshipRow relationship, Goal goal)
    {
        foreach (var person in GoalRules.People(goal))
            if (!relationship.IsParticipant(PersonId(person)))
                throw Violations.Single("goal.owner", $"{person} does not take part in the relationship");
    }

    private const string Select =
        """
        SELECT g.id, g.relationship_id AS RelationshipId, g.owner_id AS OwnerId, g.content, g.revision, g.created_at AS CreatedAt,
               pre.level AS PreLevel, pre.assessed_at AS PreAt, post.level AS PostLevel, post.assessed_at AS PostAt
        FROM goal g
        LEFT JOIN goal_self_assessment pre ON pre.tenant_id = g.tenant_id AND pre.goal_id = g.id AND pre.moment = 1
        LEFT JOIN goal_self_assessment post ON post.tenant_id = g.tenant_id AND post.goal_id = g.id AND post.moment = 2
        """;

    private static async Task<Row> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, Guid id, CancellationToken ct, bool forUpdate = false) =>
        await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select} WHERE g.tenant_id = @tenantId AND g.relationship_id = @relationshipId AND g.id = @id{(forUpdate ? " FOR UPDATE OF g" : "")}",
            new { tenantId, relationshipId, id }, tx, cancellationToken: ct))
        ?? throw new RpcException(new Status(StatusCode.NotFound, $"{NameOf(relationshipId, id)} not found."));

    private async Task<Goal> OpenAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Row row, CancellationToken ct) =>
        Goal.Parser.ParseFrom(await keys.OpenAsync(c, tx, tenantId, row.Content, Place(row.Id, row.RelationshipId), ct));

    private async Task<Goal> ViewAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Row row, CancellationToken ct)
    {
        var goal = await OpenAsync(c, tx, tenantId, row, ct);
        goal.Name = NameOf(row.RelationshipId, row.Id);
        goal.Etag = ContentNames.Etag(row.Revision);
        goal.CreateTime = ContentNames.Utc(row.CreatedAt);
        if (goal.Reviews.LastOrDefault() is { } last) (goal.Status, goal.ProgressPercent) = (last.Status, last.ProgressPercent);
        if (row.PreLevel is { } pre) goal.PreAssessment = new SelfAssessment { Level = pre, AssessTime = ContentNames.Utc(row.PreAt!.Value) };
        if (row.PostLevel is { } post) goal.PostAssessment = new SelfAssessment { Level = post, AssessTime = ContentNames.Utc(row.PostAt!.Value) };
        return goal;
    }

    private Task<byte[]> SealAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, Guid relationshipId, Goal goal, CancellationToken ct)
    {
        var stored = goal.Clone();
        stored.Name = ""; stored.Etag = ""; stored.CreateTime = null; stored.Status = GoalStatus.Unspecified; stored.ProgressPercent = 0;
        stored.PreAssessment = null; stored.PostAssessment = null;
        return keys.SealAsync(c, tx, tenantId, stored.ToByteArray(), Place(id, relationshipId), ct);
    }

    private static (Guid Relationship, Guid Goal) Parse(string? name, string field, Violations v)
    {
        if (NestedName.TryParse(name, RelationshipRow.Collection, Collection, out Guid relationship, out Guid goal)) return (relationship, goal);
        v.Add(field, "must be relationships/{relationship_id}/goals/{goal_id}");
        return default;
    }

    private static Guid PersonId(string person) => ResourceName.TryParse("people", person, out var id) ? id : Guid.Empty;

    private static string NameOf(Guid relationshipId, Guid id) => $"{ResourceName.Format(RelationshipRow.Collection, relationshipId)}/{Collection}/{id}";

    private static string Place(Guid id, Guid relationshipId) => $"goal/{id}/{relationshipId}/content";
}
