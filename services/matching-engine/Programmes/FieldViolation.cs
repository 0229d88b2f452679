namespace Mentoring.Matching.Engine.Programmes;

/// <summary>A field that is not valid, and why (maps onto <c>google.rpc.BadRequest.FieldViolation</c>).</summary>
/// <param name="Field">The field's path, snake_case, e.g. <c>group_size_max</c> or <c>weights.language</c>.</param>
/// <param name="Description">What is wrong with it, as a sentence.</param>
public sealed record FieldViolation(string Field, string Description);
