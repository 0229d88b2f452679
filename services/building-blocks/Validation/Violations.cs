using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Mentoring.BuildingBlocks.Validation;

/// <summary>
/// Collects field violations and turns them into INVALID_ARGUMENT with a <c>google.rpc.BadRequest</c>
/// detail (JSON transcoding answers HTTP 400 with the same details).
/// </summary>
public sealed class Violations
{
    private readonly List<BadRequest.Types.FieldViolation> items = [];

    public IReadOnlyList<BadRequest.Types.FieldViolation> Items => items;

    public Violations Add(string field, string description)
    {
        items.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        return this;
    }

    /// <summary>Adds a violation when the text is empty or longer than <paramref name="max"/> characters.</summary>
    public Violations RequireText(string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required");
        else if (value.Length > max) Add(field, $"must be at most {max} characters");
        return this;
    }

    public Violations MaxLength(string field, string? value, int max)
    {
        if (value is { Length: var n } && n > max) Add(field, $"must be at most {max} characters");
        return this;
    }

    public void ThrowIfAny()
    {
        if (items.Count > 0) throw ToException();
    }

    public RpcException ToException() => ToStatus().ToRpcException();

    /// <summary>INVALID_ARGUMENT with a <c>google.rpc.BadRequest</c> listing every violation.</summary>
    public Google.Rpc.Status ToStatus()
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(items);
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = "Invalid request: " + string.Join("; ", items.Select(v => $"{v.Field} {v.Description}")),
            Details = { Any.Pack(badRequest) },
        };
    }

    public static RpcException Single(string field, string description) => new Violations().Add(field, description).ToException();
}
