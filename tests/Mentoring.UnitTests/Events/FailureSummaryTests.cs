using Grpc.Core;
using Mentoring.BuildingBlocks.Events;

namespace Mentoring.UnitTests.Events;

public class FailureSummaryTests
{
    public static TheoryData<Exception, string> Failures => new()
    {
        { new TimeoutException("after 30 s at Foo.Bar()"), "Timed out." },
        { new RpcException(new Status(StatusCode.Unavailable, "connection refused to 10.0.0.7")), "A call to another service failed (Unavailable)." },
        { new HttpRequestException("404 for https://secret.example/x", null, System.Net.HttpStatusCode.NotFound), "An HTTP call failed (404)." },
        { new AggregateException(new TimeoutException("inner")), "Timed out." },
        { new InvalidOperationException("probe refuses Ada Lovelace, ada@example.org"), "The handler failed; the service's log has the error for this event." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_is_kept_as_its_kind_without_the_exceptions_text(Exception error, string expected)
    {
        var summary = FailureSummary.Of(error);
        Assert.Equal(expected, summary);
        Assert.DoesNotContain(error.Message, summary);
    }
}
