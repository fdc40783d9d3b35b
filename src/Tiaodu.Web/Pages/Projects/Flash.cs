using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Tiaodu.Web.Pages.Projects;

/// <summary>A one-time message carried across a redirect, optionally with an undo for a deletion.</summary>
public static class Flash
{
    public const string Message = "Flash";
    public const string Kind = "FlashKind";
    public const string UndoId = "FlashUndoId";
    public const string UndoVersion = "FlashUndoVersion";

    public static void Success(ITempDataDictionary tempData, string message) => Set(tempData, message, "success");

    public static void Warning(ITempDataDictionary tempData, string message) => Set(tempData, message, "warning");

    /// <summary>A message offering to restore the project just moved to the recycle bin.</summary>
    public static void Deleted(ITempDataDictionary tempData, string message, int projectId, int version)
    {
        Set(tempData, message, "success");
        tempData[UndoId] = projectId;
        tempData[UndoVersion] = version;
    }

    private static void Set(ITempDataDictionary tempData, string message, string kind)
    {
        tempData[Message] = message;
        tempData[Kind] = kind;
    }
}
