using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mentoring.Contracts;

/// <summary>
/// Every proto of the contracts as descriptors WITH their comments (source info), from the
/// descriptor set the build embeds (see <c>ContractDescriptorSet</c> in Mentoring.Contracts.csproj).
/// The generated C# descriptors carry no comments; these do, and their options are read with the
/// <c>google.api.http</c> and <c>google.api.field_behavior</c> extensions. Besides our files and
/// their imports, the set holds <c>google/rpc/status.proto</c> and <c>google/rpc/error_details.proto</c>.
/// </summary>
public static class ContractDescriptorSet
{
    public const string ResourceName = "Mentoring.Contracts.descriptor-set.pb";

    private static readonly Lazy<IReadOnlyList<FileDescriptor>> files = new(Load);

    /// <summary>The files in dependency order (imports first).</summary>
    public static IReadOnlyList<FileDescriptor> Files => files.Value;

    private static IReadOnlyList<FileDescriptor> Load()
    {
        using var stream = typeof(ContractDescriptorSet).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The contracts assembly has no resource {ResourceName}: the build did not run protoc.");
        var set = FileDescriptorSet.Parser.ParseFrom(stream);
        var extensions = new ExtensionRegistry { AnnotationsExtensions.Http, FieldBehaviorExtensions.FieldBehavior };
        return FileDescriptor.BuildFromByteStrings(set.File.Select(f => f.ToByteString()), extensions);
    }
}
