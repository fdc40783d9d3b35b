namespace Tiaodu.Core;

/// <summary>Input that breaks a rule; messages are Chinese and keyed by field (empty key = the whole form).</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join("；", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationFailedException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The database connection was lost in the middle of the work (a restart, a failover): nothing was committed, and trying again later will work.</summary>
public sealed class DatabaseUnavailableException(string message) : Exception(message);

/// <summary>A stale version (someone else saved first) or a business rule that forbids the change.</summary>
public sealed class ConflictException(string message, object? current = null) : Exception(message)
{
    /// <summary>The record as it is now, so the user can compare it with what they submitted.</summary>
    public object? Current { get; } = current;
}

/// <summary>Collects field errors and throws them together.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IEnumerable<string> Messages => _errors.SelectMany(e => e.Value);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationFailedException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
