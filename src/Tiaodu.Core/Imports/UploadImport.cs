using System.Security.Cryptography;
using Tiaodu.Core.Accounts;
using Tiaodu.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Tiaodu.Core.Imports;

/// <summary>Keeps an uploaded ledger file as a new import batch, waiting for its preview (or claimed for the caller to work it out: <c>analyseNow</c>).</summary>
public sealed class UploadImport(TiaoduDb db, TimeProvider clock)
{
    public const long MaxFileBytes = 64L * 1024 * 1024;

    public async Task<ImportBatch> HandleAsync(string fileName, Stream content, ImportOptions options, ICurrentUser user, CancellationToken ct, bool analyseNow = false)
    {
        ImportAccess.Require(user);
        var name = Path.GetFileName(fileName ?? "").Trim();
        if (name.Length == 0)
        {
            throw ValidationFailedException.For("file", "请选择要导入的文件");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                throw ValidationFailedException.For("file", $"文件超过{MaxFileBytes / 1024 / 1024}MB，请拆分后再导入");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw ValidationFailedException.For("file", "文件是空的");
        }

        var bytes = buffer.ToArray();
        var regionId = user.AccountId is { } id ? await db.Accounts.Where(a => a.Id == id).Select(a => a.RegionId).FirstOrDefaultAsync(ct) : null;
        var batch = new ImportBatch(name, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, user.AccountId, user.Name, regionId,
            options.ToJson(), clock.GetUtcNow().UtcDateTime, analyseNow);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        db.ImportFiles.Add(new ImportFileContent(batch.Id, bytes));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return batch;
    }
}
