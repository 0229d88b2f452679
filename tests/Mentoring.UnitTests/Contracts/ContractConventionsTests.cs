using Google.Api;
using Google.Protobuf.Reflection;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Contracts.Integration.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.UnitTests.Contracts;

/// <summary>Conventions every service contract keeps, checked on the compiled descriptors.</summary>
public class ContractConventionsTests
{
    public static readonly IReadOnlyList<ServiceDescriptor> Services =
    [
        ProfileReflection.Descriptor.Services.Single(),
        MatchingReflection.Descriptor.Services.Single(),
        SchedulingReflection.Descriptor.Services.Single(),
        FeedbackReflection.Descriptor.Services.Single(),
        IntegrationReflection.Descriptor.Services.Single(),
    ];

    public static TheoryData<string> Methods()
    {
        var data = new TheoryData<string>();
        // Client-streaming RPCs (bulk import) cannot be transcoded to REST: gRPC only, by design.
        foreach (var method in Services.SelectMany(s => s.Methods).Where(m => !m.IsClientStreaming)) data.Add(method.FullName);
        return data;
    }

    private static MethodDescriptor Method(string fullName) => Services.SelectMany(s => s.Methods).Single(m => m.FullName == fullName);

    [Theory]
    [MemberData(nameof(Methods))]
    public void Every_rpc_has_a_rest_mapping_under_its_service_prefix(string fullName)
    {
        var method = Method(fullName);
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        Assert.NotNull(rule);
        var path = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => rule.Get,
            HttpRule.PatternOneofCase.Post => rule.Post,
            HttpRule.PatternOneofCase.Patch => rule.Patch,
            HttpRule.PatternOneofCase.Put => rule.Put,
            HttpRule.PatternOneofCase.Delete => rule.Delete,
            _ => "",
        };
        var service = method.Service.File.Package.Split('.')[1];
        Assert.StartsWith($"/{service}/v1/", path);
    }

    [Fact]
    public void Every_enum_starts_with_an_unspecified_zero()
    {
        var enums = Services.Select(s => s.File).Distinct().SelectMany(f => f.EnumTypes).ToList();
        Assert.NotEmpty(enums);
        Assert.All(enums, e => Assert.EndsWith("_UNSPECIFIED", e.Values.Single(v => v.Number == 0).Name));
    }

    [Fact]
    public void Packages_are_versioned_per_service()
    {
        Assert.Equal(
            ["mentoring.profile.v1", "mentoring.matching.v1", "mentoring.scheduling.v1", "mentoring.feedback.v1", "mentoring.integration.v1"],
            Services.Select(s => s.File.Package));
    }
}
