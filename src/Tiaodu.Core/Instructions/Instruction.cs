using Tiaodu.Core.Text;

namespace Tiaodu.Core.Instructions;

/// <summary>
/// A leader's instruction (领导批示) on a project, or on one of its problems: pushed to the people responsible,
/// who answer it; answered once anyone responsible has replied.
/// </summary>
public sealed class Instruction
{
    public const int TextLength = 1000;

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public int? ProblemId { get; private set; }
    public string Text { get; private set; } = "";
    public string By { get; private set; } = "";
    public int? ByAccountId { get; private set; }
    public DateTime At { get; private set; }
    public List<InstructionReply> Replies { get; private set; } = [];

    private Instruction()
    {
    }

    public Instruction(int projectId, int? problemId, string text, string by, int? byAccountId, DateTime at)
    {
        (ProjectId, ProblemId, Text, By, ByAccountId, At) = (projectId, problemId, TextLimit.Cut(text, TextLength), TextLimit.Cut(by, TextLimit.Actor), byAccountId, at);
    }

    public InstructionReply Reply(string text, string by, int? departmentId, DateTime at)
    {
        var reply = new InstructionReply(Id, text, by, departmentId, at);
        Replies.Add(reply);
        return reply;
    }
}

/// <summary>An answer to a leader's instruction (落实情况).</summary>
public sealed class InstructionReply
{
    public int Id { get; private set; }
    public int InstructionId { get; private set; }
    public string Text { get; private set; } = "";
    public string By { get; private set; } = "";
    public int? DepartmentId { get; private set; }
    public DateTime At { get; private set; }

    private InstructionReply()
    {
    }

    public InstructionReply(int instructionId, string text, string by, int? departmentId, DateTime at)
    {
        (InstructionId, Text, By, DepartmentId, At) = (instructionId, TextLimit.Cut(text, Instruction.TextLength), TextLimit.Cut(by, TextLimit.Actor), departmentId, at);
    }
}
