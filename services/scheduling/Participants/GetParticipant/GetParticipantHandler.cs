using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.Scheduling.Participants.GetParticipant;

/// <summary>What this service knows of a person, from its projection.</summary>
public sealed class GetParticipantHandler(TenantDatabase db)
{
    private sealed record Row(Guid PersonId, string DisplayName, string TimeZone);

    public async Task<Participant> HandleAsync(GetParticipantRequest request, CancellationToken ct)
    {
        if (!ResourceName.TryParse("participants", request.Name, out var personId))
            throw Violations.Single("name", "must be participants/{person_id}");
        var tenantId = db.TenantId;
        var row = await db.InTransactionAsync((c, tx, token) => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT person_id AS PersonId, display_name AS DisplayName, time_zone AS TimeZone
            FROM participant WHERE tenant_id = @tenantId AND person_id = @personId AND version < @erased
            """, new { tenantId, personId, erased = Erasure.TombstoneVersion }, tx, cancellationToken: token)), ct);
        if (row is null) throw new RpcException(new Status(StatusCode.NotFound, $"{request.Name} not found."));
        return new Participant
        {
            Name = request.Name,
            Person = ResourceName.Format("people", row.PersonId),
            DisplayName = row.DisplayName,
            TimeZone = row.TimeZone,
        };
    }
}
