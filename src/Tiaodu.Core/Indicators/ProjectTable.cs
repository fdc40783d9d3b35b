namespace Tiaodu.Core.Indicators;

/// <summary>
/// The snapshot's projects by id, in chunks of 4,096 held by value (project ids are dense and start at 1; an
/// empty slot has id 0). Looking one up is two array reads; a new version copies only the chunks that changed,
/// so a refresh after one edit at a million projects copies one chunk, not the table.
/// </summary>
internal sealed class ProjectTable
{
    private const int Bits = 12;
    private const int Size = 1 << Bits;
    private const int Mask = Size - 1;

    public static readonly ProjectTable Empty = new([], 0);

    private readonly ProjectFacts[]?[] _chunks;

    private ProjectTable(ProjectFacts[]?[] chunks, int count)
    {
        _chunks = chunks;
        Count = count;
    }

    public int Count { get; }

    public bool TryGetValue(int id, out ProjectFacts project)
    {
        var c = id >> Bits;
        if (id > 0 && c < _chunks.Length && _chunks[c] is { } chunk && chunk[id & Mask].Id == id)
        {
            project = chunk[id & Mask];
            return true;
        }

        project = default;
        return false;
    }

    /// <summary>A new version with these projects put in (replacing the old ones) and those ids taken out.</summary>
    public ProjectTable With(IEnumerable<ProjectFacts> put, IEnumerable<int> removed)
    {
        var changes = put.Select(p => (Id: p.Id, Project: (ProjectFacts?)p)).Concat(removed.Select(id => (Id: id, Project: (ProjectFacts?)null))).ToList();
        if (changes.Count == 0)
        {
            return this;
        }

        var needed = Math.Max(_chunks.Length, (changes.Max(c => c.Id) >> Bits) + 1);
        var chunks = new ProjectFacts[]?[needed];
        Array.Copy(_chunks, chunks, _chunks.Length);
        var copied = new HashSet<int>();
        var count = Count;
        foreach (var (id, project) in changes)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
            var c = id >> Bits;
            if (copied.Add(c))
            {
                chunks[c] = chunks[c] is { } old ? (ProjectFacts[])old.Clone() : new ProjectFacts[Size];
            }

            var chunk = chunks[c]!;
            count += (project is null ? 0 : 1) - (chunk[id & Mask].Id == id ? 1 : 0);
            chunk[id & Mask] = project ?? default;
        }

        return new ProjectTable(chunks, count);
    }
}
