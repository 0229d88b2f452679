using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Npgsql;

namespace Mentoring.Profile.People.UpdatePerson;

/// <summary>
/// Partial update by field mask with optimistic concurrency (etag). Emits <c>PersonUpdated</c>
/// with the changed fields and the new version, in the same transaction, only when something changed.
/// </summary>
public sealed class UpdatePersonHandler(TenantDatabase db, Outbox outbox)
{
    private static readonly FieldMask.MergeOptions Replace = new() { ReplaceRepeatedFields = true, ReplacePrimitiveFields = true };

    public async Task<Person> HandleAsync(UpdatePersonRequest request, CancellationToken ct)
    {
        var (id, fields) = Validate(request);
        var tenantId = db.TenantId;
        try
        {
            return await db.InTransactionAsync(async (c, tx, token) =>
            {
                var current = await c.QuerySingleOrDefaultAsync<PersonRecord>(new CommandDefinition(
                    $"SELECT {PersonRecord.SelectColumns} FROM person WHERE tenant_id = @tenantId AND id = @id FOR UPDATE",
                    new { tenantId, id }, tx, cancellationToken: token))
                    ?? throw new RpcException(new Status(StatusCode.NotFound, $"{request.Person.Name} not found."));
                var before = current.ToProto();
                if (request.Person.Etag.Length > 0 && request.Person.Etag != before.Etag)
                    throw new RpcException(new Status(StatusCode.Aborted, $"{before.Name} changed since it was read (etag {request.Person.Etag})."));

                var after = before.Clone();
                new FieldMask { Paths = { fields } }.Merge(request.Person, after, Replace);
                after = PersonRecord.Normalize(after);
                var changed = fields.Where(f => !FieldEquals(before, after, f)).ToList();
                if (changed.Count == 0) return before;

                var args = new DynamicParameters(PersonRecord.Columns(after));
                args.Add("tenantId", tenantId);
                args.Add("id", id);
                var updated = (await c.QuerySingleAsync<PersonRecord>(new CommandDefinition(
                    $"""
                    UPDATE person SET ({PersonRecord.WritableColumns}) = ROW({PersonRecord.WritableValues}), version = version + 1
                    WHERE tenant_id = @tenantId AND id = @id
                    RETURNING {PersonRecord.SelectColumns}
                    """, args, tx, cancellationToken: token)));
                var person = updated.ToProto();
                await outbox.EnqueueAsync(new PersonUpdated { Person = person, ChangedFields = { changed }, Version = updated.Version },
                    tenantId, c, tx, token);
                return person;
            }, ct);
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.ForeignKeyViolation, ConstraintName: "person_org_unit_fk" })
        {
            throw Violations.Single("person.org_unit", "names no unit of the organisation");
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "person_email_unique" })
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, "Another person of the organisation has this e-mail address."));
        }
    }

    private static (Guid Id, IReadOnlyList<string> Fields) Validate(UpdatePersonRequest request)
    {
        var v = new Violations();
        var p = request.Person;
        if (p is null) throw Violations.Single("person", "is required");
        if (!ResourceName.TryParse(PersonRecord.Collection, p.Name, out var id)) v.Add("person.name", "must be people/{person_id}");
        // A mask in a REST query string arrives as written (camelCase in JSON style); paths are snake_case.
        var paths = request.UpdateMask?.Paths.Select(SnakeCase).ToList() ?? [];
        if (paths.Count == 0) v.Add("update_mask", "is required: name the fields to update, or *");
        if (paths.Contains("*") && paths.Count > 1) v.Add("update_mask", "* must stand alone");
        foreach (var path in paths.Where(x => x != "*" && !PersonFields.Writable.Contains(x)))
            v.Add("update_mask", $"'{path}' is not an updatable field of Person");
        var fields = paths.Contains("*") ? PersonFields.Writable : paths.Where(PersonFields.Writable.Contains).Distinct().ToList();
        PersonFields.Validate(v, p, fields, "person.", statusMayBeUnspecified: false);
        v.ThrowIfAny();
        return (id, fields);
    }

    private static string SnakeCase(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path.Trim(), "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant();

    private static bool FieldEquals(Person a, Person b, string field)
    {
        var accessor = Person.Descriptor.FindFieldByName(field).Accessor;
        return Equals(accessor.GetValue(a), accessor.GetValue(b));
    }
}
