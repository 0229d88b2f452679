using Dapper;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Npgsql;

namespace Mentoring.Profile.People.ImportPeople;

/// <summary>
/// Bulk upsert keyed by the calling application's external ids. Rows are applied in batches, each
/// in one transaction with its events; every row gets its own result, in order.
/// </summary>
public sealed class ImportPeopleHandler(TenantDatabase db, Outbox outbox)
{
    public const int BatchSize = 500;
    private static readonly FieldMask AllWritable = new() { Paths = { PersonFields.Writable } };
    private static readonly FieldMask.MergeOptions Replace = new() { ReplaceRepeatedFields = true, ReplacePrimitiveFields = true };

    private sealed record EmailOwner(string Email, string? ExternalSource, string? ExternalId);

    public async Task HandleAsync(IAsyncStreamReader<ImportPeopleRequest> requests, IServerStreamWriter<ImportPeopleResponse> responses, ServerCallContext context)
    {
        var source = Caller.From(context.GetHttpContext().User)!.Subject;
        var batch = new List<ImportPeopleRequest>(BatchSize);
        async Task FlushAsync()
        {
            foreach (var result in await ApplyBatchAsync(batch, source, context.CancellationToken))
                await responses.WriteAsync(result, context.CancellationToken);
            batch.Clear();
        }
        await foreach (var row in requests.ReadAllAsync(context.CancellationToken))
        {
            // A repeated external id starts a new batch, so its rows apply in order.
            if (batch.Count == BatchSize || batch.Exists(b => b.ExternalId == row.ExternalId)) await FlushAsync();
            batch.Add(row);
        }
        if (batch.Count > 0) await FlushAsync();
    }

    /// <summary>
    /// All rows, batch by batch, each batch in its own transaction. A <paramref name="dryRun"/> applies every
    /// batch in one transaction and rolls it back: later rows see what earlier rows would have done (a repeated
    /// external id is an update, a repeated e-mail a conflict), and nothing is kept.
    /// </summary>
    public async Task<IReadOnlyList<ImportPeopleResponse>> ImportAllAsync(
        IReadOnlyList<ImportPeopleRequest> rows, string source, bool dryRun, CancellationToken ct)
    {
        if (!dryRun)
        {
            var applied = new List<ImportPeopleResponse>(rows.Count);
            foreach (var batch in Batches(rows)) applied.AddRange(await ApplyBatchAsync(batch, source, ct));
            return applied;
        }
        IReadOnlyList<ImportPeopleResponse> outcomes = [];
        try
        {
            await db.InTransactionAsync<bool>(async (c, tx, token) =>
            {
                var all = new List<ImportPeopleResponse>(rows.Count);
                foreach (var batch in Batches(rows)) all.AddRange(await ApplyBatchAsync(c, tx, batch, source, token));
                outcomes = all;
                throw new DryRunRollback(); // outcomes computed; nothing kept
            }, ct);
        }
        catch (DryRunRollback)
        {
            // Rolled back on purpose: a dry run keeps the outcomes, not the changes.
        }
        return outcomes;
    }

    /// <summary>Batches of at most <see cref="BatchSize"/>; a repeated external id starts a new batch, so its rows apply in order.</summary>
    private static IEnumerable<List<ImportPeopleRequest>> Batches(IReadOnlyList<ImportPeopleRequest> rows)
    {
        var batch = new List<ImportPeopleRequest>(BatchSize);
        foreach (var row in rows)
        {
            if (batch.Count == BatchSize || batch.Exists(b => b.ExternalId == row.ExternalId))
            {
                yield return batch;
                batch = new List<ImportPeopleRequest>(BatchSize);
            }
            batch.Add(row);
        }
        if (batch.Count > 0) yield return batch;
    }

    private sealed class DryRunRollback : Exception;

    private async Task<ImportPeopleResponse[]> ApplyBatchAsync(List<ImportPeopleRequest> rows, string source, CancellationToken ct) =>
        await db.InTransactionAsync((c, tx, token) => ApplyBatchAsync(c, tx, rows, source, token), ct);

    /// <summary>One batch inside the caller's transaction: its outcomes, and its changes and events in the transaction.</summary>
    private async Task<ImportPeopleResponse[]> ApplyBatchAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, List<ImportPeopleRequest> rows, string source, CancellationToken token)
    {
        var results = rows.Select(r => new ImportPeopleResponse { ExternalId = r.ExternalId }).ToArray();
        var valid = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            var v = new Violations().RequireText("external_id", rows[i].ExternalId, 100);
            if (rows[i].Person is null) v.Add("person", "is required");
            else PersonFields.Validate(v, rows[i].Person, PersonFields.Writable, "person.", statusMayBeUnspecified: true);
            if (v.Items.Count > 0) Reject(results[i], v);
            else valid.Add(i);
        }

        var tenantId = db.TenantId;
        var ids = valid.Select(i => rows[i].ExternalId).ToArray();
        // The batch's existing people, whole, in one query (locked until the batch commits).
        var existing = (await c.QueryAsync<PersonRecord, string, (PersonRecord Record, string ExternalId)>(
            $"""
            SELECT {PersonRecord.SelectColumns}, external_id AS ExternalId FROM person
            WHERE tenant_id = @tenantId AND external_source = @source AND external_id = ANY(@ids) FOR UPDATE
            """, (record, externalId) => (record, externalId), new { tenantId, source, ids }, tx, splitOn: "ExternalId"))
            .ToDictionary(e => e.ExternalId, e => e.Record);
        var emails = valid.Select(i => rows[i].Person.Email.Trim().ToLowerInvariant()).Distinct().ToArray();
        var owners = (await c.QueryAsync<EmailOwner>(new CommandDefinition(
            "SELECT lower(email) AS Email, external_source AS ExternalSource, external_id AS ExternalId FROM person WHERE tenant_id = @tenantId AND lower(email) = ANY(@emails)",
            new { tenantId, emails }, tx, cancellationToken: token))).ToDictionary(o => o.Email);
        var units = valid.Select(i => rows[i].Person.OrgUnit).Where(u => u.Length > 0).Distinct().ToList();
        var knownUnits = (await c.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM org_unit WHERE tenant_id = @tenantId AND id = ANY(@unitIds)",
            new { tenantId, unitIds = units.Select(u => Guid.Parse(u["orgUnits/".Length..])).ToArray() }, tx, cancellationToken: token))).ToHashSet();

        var events = new List<IMessage>();
        var creates = new List<(int Index, Guid Id, string ExternalId, Person Person)>();
        var emailsInBatch = new HashSet<string>();
        foreach (var i in valid)
        {
            var row = rows[i];
            var person = PersonRecord.Normalize(row.Person);
            var email = person.Email.ToLowerInvariant();
            if (!emailsInBatch.Add(email) || (owners.TryGetValue(email, out var owner) && !(owner.ExternalSource == source && owner.ExternalId == row.ExternalId)))
            {
                Reject(results[i], new Violations().Add("person.email", "belongs to another person of the organisation"));
                continue;
            }
            if (person.OrgUnit.Length > 0 && !knownUnits.Contains(Guid.Parse(person.OrgUnit["orgUnits/".Length..])))
            {
                Reject(results[i], new Violations().Add("person.org_unit", "names no unit of the organisation"));
                continue;
            }

            var args = new DynamicParameters(PersonRecord.Columns(person));
            args.AddDynamicParams(new { tenantId, source, row.ExternalId });
            if (existing.TryGetValue(row.ExternalId, out var stored))
            {
                args.Add("id", stored.Id);
                var before = stored.ToProto();
                var after = before.Clone();
                AllWritable.Merge(person, after, Replace);
                var changed = PersonFields.Writable.Where(f => !Equals(
                    Person.Descriptor.FindFieldByName(f).Accessor.GetValue(before), Person.Descriptor.FindFieldByName(f).Accessor.GetValue(after))).ToList();
                results[i].Person = before.Name;
                if (changed.Count == 0)
                {
                    results[i].Outcome = ImportOutcome.Unchanged;
                    continue;
                }
                var updated = await c.QuerySingleAsync<PersonRecord>(new CommandDefinition(
                    $"""
                    UPDATE person SET ({PersonRecord.WritableColumns}) = ROW({PersonRecord.WritableValues}), version = version + 1
                    WHERE tenant_id = @tenantId AND id = @id RETURNING {PersonRecord.SelectColumns}
                    """, args, tx, cancellationToken: token));
                events.Add(new PersonUpdated { Person = updated.ToProto(), ChangedFields = { changed }, Version = updated.Version });
                results[i].Outcome = ImportOutcome.Updated;
            }
            else
            {
                creates.Add((i, Guid.CreateVersion7(), row.ExternalId, person));
            }
        }

        // New people of the batch in one statement: one JSON document, one round trip.
        if (creates.Count > 0)
        {
            var created = (await c.QueryAsync<PersonRecord>(new CommandDefinition(
                $"""
                INSERT INTO person (tenant_id, id, external_source, external_id, {PersonRecord.WritableColumns})
                SELECT @tenantId, (x->>'Id')::uuid, @source, x->>'ExternalId',
                       x->>'DisplayName', x->>'Email', x->>'AreaOfWork', (x->>'Seniority')::smallint, (x->>'Skills')::jsonb,
                       ARRAY(SELECT jsonb_array_elements_text(x->'Roles'))::smallint[], x->>'TimeZone', x->>'JobTitle', x->>'Location',
                       ARRAY(SELECT jsonb_array_elements_text(x->'Languages')),
                       ARRAY(SELECT jsonb_array_elements_text(x->'MeetingFormats'))::smallint[],
                       (x->>'MentorCapacity')::int, (x->>'HoursPerMonth')::int, x->>'Motivation', (x->>'Status')::smallint,
                       (x->>'OrgUnitId')::uuid
                FROM jsonb_array_elements(@rows::jsonb) x
                RETURNING {PersonRecord.SelectColumns}
                """,
                new
                {
                    tenantId, source,
                    rows = System.Text.Json.JsonSerializer.Serialize(creates.Select(n => PersonRecord.Row(n.Id, n.ExternalId, n.Person))),
                }, tx, cancellationToken: token))).ToDictionary(r => r.Id);
            foreach (var (index, id, _, _) in creates)
            {
                var person = created[id].ToProto();
                events.Add(new PersonRegistered { Person = person });
                results[index].Person = person.Name;
                results[index].Outcome = ImportOutcome.Created;
            }
        }
        await outbox.EnqueueAllAsync(events, tenantId, c, tx, token);
        return results;
    }

    private static void Reject(ImportPeopleResponse result, Violations v)
    {
        result.Outcome = ImportOutcome.Rejected;
        result.Person = "";
        result.Violations.Clear();
        result.Violations.AddRange(v.Items.Select(x => new ImportViolation { Field = x.Field, Description = x.Description }));
    }
}
