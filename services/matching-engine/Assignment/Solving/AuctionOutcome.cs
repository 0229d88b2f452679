namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>What the auction leaves besides the assignment: its final prices (mentors and pool)
/// and, when it stopped early on a proof of optimality, the exact potentials of that proof.</summary>
internal sealed record AuctionOutcome(long[] MentorPrices, long PoolPrice, FlowPotentials? Certified);
