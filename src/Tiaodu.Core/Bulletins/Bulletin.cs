using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tiaodu.Core.Text;

namespace Tiaodu.Core.Bulletins;

/// <summary>
/// A published monthly bulletin (通报) of a region: its number and title, the composed content as JSON and
/// the .docx as it was issued. Written once and never changed, so later changes to reports or plans leave
/// it as it was published; one per region and month.
/// </summary>
public sealed class Bulletin
{
    public const int NumberLength = 40;
    public const int TitleLength = 200;

    public int Id { get; private set; }
    public int RegionId { get; private set; }
    public int Year { get; private set; }
    public int Month { get; private set; }

    /// <summary>The sequence number within the region's year, printed as 通报〔2026〕3号.</summary>
    public int Sequence { get; private set; }

    public string Number { get; private set; } = "";
    public string Title { get; private set; } = "";
    public DateOnly AsOf { get; private set; }

    /// <summary>The <see cref="BulletinContent"/> as JSON.</summary>
    public string Content { get; private set; } = "";

    /// <summary>The .docx as issued.</summary>
    public byte[] Document { get; private set; } = [];

    public string PublishedBy { get; private set; } = "";
    public int? PublishedByAccountId { get; private set; }
    public DateTime PublishedAt { get; private set; }

    private Bulletin()
    {
    }

    public Bulletin(int regionId, BulletinContent content, int sequence, string json, byte[] document, string by, int? byAccountId, DateTime at)
    {
        (RegionId, Year, Month, Sequence, AsOf) = (regionId, content.Year, content.Month, sequence, content.AsOf);
        Number = TextLimit.Cut(content.Number, NumberLength);
        Title = TextLimit.Cut(content.Title, TitleLength);
        (Content, Document) = (json, document);
        (PublishedBy, PublishedByAccountId, PublishedAt) = (TextLimit.Cut(by, TextLimit.Actor), byAccountId, at);
    }

    /// <summary>通报〔2026〕3号.</summary>
    public static string NumberOf(int year, int sequence) => $"通报〔{year}〕{sequence}号";
}

internal sealed class BulletinConfiguration : IEntityTypeConfiguration<Bulletin>
{
    public void Configure(EntityTypeBuilder<Bulletin> b)
    {
        b.ToTable("Bulletins");
        b.Property(x => x.Number).HasMaxLength(Bulletin.NumberLength);
        b.Property(x => x.Title).HasMaxLength(Bulletin.TitleLength);
        b.Property(x => x.PublishedBy).HasMaxLength(TextLimit.Actor);
        b.HasIndex(x => new { x.RegionId, x.Year, x.Month }).IsUnique();
        b.HasIndex(x => new { x.RegionId, x.Year, x.Sequence }).IsUnique();
        b.HasOne<Reference.Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}
