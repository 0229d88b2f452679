using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mentoring.IntegrationTests.Fuzz;

/// <summary>
/// Malformed gRPC request messages for a method, generated from its request descriptor (so new
/// RPCs and fields are covered without touching the test): bytes that do not parse, strings that
/// are not UTF-8, NUL characters, oversize text — top level and one message deep — and extreme
/// numbers and unknown enum values.
/// </summary>
public static class GrpcFuzzCases
{
    private static readonly (string Label, byte[] Bytes)[] BadText =
    [
        ("invalid UTF-8", [0x61, 0xC3, 0x28]),
        ("encoded surrogate", [0xED, 0xA0, 0x80]),
        ("NUL character", "a\0b"u8.ToArray()),
        ("oversize text", Encoding.UTF8.GetBytes(new string('x', 70_000))),
    ];

    public static IEnumerable<GrpcFuzzCase> For(MethodDescriptor method, int seed)
    {
        var random = new Random(seed);
        var input = method.InputType;
        yield return new("garbage bytes", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], Strict: true);
        yield return new("length past the end", [0x0A, 0x64, 0x61, 0x62], Strict: true);
        var noise = new byte[64];
        random.NextBytes(noise);
        yield return new("random bytes", noise, Strict: false); // may happen to parse

        foreach (var field in input.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.String)
                foreach (var (label, bytes) in BadText)
                    yield return new($"{field.Name}: {label}", LengthDelimited(field.FieldNumber, bytes), Strict: true, ExpectedField: field.Name);

            if (field.FieldType == FieldType.Message && !field.IsMap)
                foreach (var inner in field.MessageType.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.String))
                    foreach (var (label, bytes) in BadText)
                        yield return new($"{field.Name}.{inner.Name}: {label}",
                            LengthDelimited(field.FieldNumber, LengthDelimited(inner.FieldNumber, bytes)), Strict: true,
                            ExpectedField: $"{field.Name}{(field.IsRepeated ? "[0]" : "")}.{inner.Name}");

            if (IsVarint(field))
                foreach (var value in new[] { -1L, int.MinValue, int.MaxValue, long.MaxValue, 99_999 })
                    yield return new($"{field.Name} = {value}", Varint(field.FieldNumber, value), Strict: false);
        }
    }

    private static bool IsVarint(FieldDescriptor field) => field.FieldType is FieldType.Int32 or FieldType.Int64 or FieldType.UInt32
        or FieldType.UInt64 or FieldType.SInt32 or FieldType.SInt64 or FieldType.Enum or FieldType.Bool;

    private static byte[] LengthDelimited(int field, byte[] payload)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(payload));
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] Varint(int field, long value)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
        output.Flush();
        return stream.ToArray();
    }
}
