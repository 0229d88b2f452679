namespace Mentoring.BuildingBlocks.Persistence;

/// <summary>Whether this process has applied its migrations; background workers wait on it.</summary>
public sealed class MigrationStatus
{
    private readonly TaskCompletionSource applied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsApplied => applied.Task.IsCompletedSuccessfully;

    public string? LastError { get; private set; }

    public void MarkApplied() => applied.TrySetResult();

    public void MarkFailed(string error) => LastError = error;

    public Task WaitAsync(CancellationToken ct) => applied.Task.WaitAsync(ct);
}
