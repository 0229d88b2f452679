using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mentoring.BuildingBlocks.Validation.Messages;

/// <summary>
/// Says what in a request's bytes does not parse as its message, and in which field, so a caller
/// learns more than "invalid message": a string that is not UTF-8, a field sent with the wrong wire
/// type, a length that runs past the end. Only called once the real parser has refused the bytes.
/// </summary>
public static class WireFormatInspector
{
    private const int MaxDepth = 64;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The first problem found, as (field path, description).</summary>
    public static (string Field, string Description) Explain(MessageDescriptor descriptor, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Inspect(descriptor, bytes.ToArray(), "", 0)
                ?? ("", $"is not a valid {descriptor.FullName} message");
        }
        catch (InvalidProtocolBufferException)
        {
            return ("", $"is not a valid {descriptor.FullName} message (truncated or malformed wire format)");
        }
    }

    private static (string, string)? Inspect(MessageDescriptor descriptor, byte[] bytes, string prefix, int depth)
    {
        if (depth > MaxDepth) return (prefix, "nests messages too deeply");
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var wireType = WireFormat.GetTagWireType(tag);
            var field = descriptor.FindFieldByNumber(number);
            if (field is null)
            {
                input.SkipLastField(); // unknown fields are allowed (newer clients)
                continue;
            }
            var path = prefix.Length == 0 ? field.Name : prefix + "." + field.Name;
            if (!WireTypeFits(field, wireType))
                return (path, $"was sent with wire type {wireType}, which does not fit a {Describe(field)} field");
            if (wireType != WireFormat.WireType.LengthDelimited)
            {
                input.SkipLastField();
                continue;
            }
            var payload = input.ReadBytes().ToByteArray();
            switch (field.FieldType)
            {
                case FieldType.String:
                    try { StrictUtf8.GetString(payload); }
                    catch (DecoderFallbackException) { return (path, "is not valid UTF-8 text"); }
                    break;
                case FieldType.Message: // map entries included: they are messages of key and value
                    if (Inspect(field.MessageType, payload, path, depth + 1) is { } inMessage) return inMessage;
                    break;
            }
        }
        return null;
    }

    private static bool WireTypeFits(FieldDescriptor field, WireFormat.WireType wireType)
    {
        var packable = field.IsRepeated && field.FieldType is not (FieldType.String or FieldType.Bytes or FieldType.Message or FieldType.Group);
        if (packable && wireType == WireFormat.WireType.LengthDelimited) return true;
        return field.FieldType switch
        {
            FieldType.String or FieldType.Bytes or FieldType.Message => wireType == WireFormat.WireType.LengthDelimited,
            FieldType.Group => wireType == WireFormat.WireType.StartGroup,
            FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => wireType == WireFormat.WireType.Fixed64,
            FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => wireType == WireFormat.WireType.Fixed32,
            _ => wireType == WireFormat.WireType.Varint,
        };
    }

    private static string Describe(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Message => field.MessageType.FullName,
        FieldType.Enum => field.EnumType.FullName,
        var t => t.ToString().ToLowerInvariant(),
    };
}
