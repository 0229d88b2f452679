using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.Scheduling.Meetings.AddAgendaItem;

/// <summary>A participant adds an agenda item before the meeting starts (at most 50 items).</summary>
public sealed class AddAgendaItemHandler(TenantDatabase db, TimeProvider clock)
{
    public const int MaxItems = 50;
    private const string Refusal = "Only a participant adds to the agenda.";

    public async Task<Meeting> HandleAsync(AddAgendaItemRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        var id = MeetingRules.Id(v, "name", request.Name);
        v.RequireText("text", request.Text, 1000);
        v.ThrowIfAny();
        var person = MeetingRules.Acting(caller)
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, Refusal));

        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var meeting = await MeetingRules.LoadForParticipantAsync(c, tx, tenantId, id!.Value, request.Name, person, Refusal, token);
            if (!meeting.Open || meeting.StartAt <= clock.GetUtcNow().UtcDateTime)
                throw MeetingRules.Precondition($"{meeting.Name} is {meeting.StateValue} or already started; its agenda is closed.");
            if (meeting.Agenda.Count >= MaxItems) throw MeetingRules.Precondition($"{meeting.Name} already has {MaxItems} agenda items.");
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO agenda_item (tenant_id, meeting_id, text, author_id) VALUES (@tenantId, @id, @text, @person);
                UPDATE meeting SET version = version + 1, updated_at = now() WHERE tenant_id = @tenantId AND id = @id;
                """, new { tenantId, id, text = request.Text.Trim(), person }, tx, cancellationToken: token));
            return (await MeetingStore.LoadAsync(c, tx, tenantId, id!.Value, token))!;
        }, ct);
        return record.ToProto(withAgenda: true);
    }
}
