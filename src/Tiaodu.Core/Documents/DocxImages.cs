using System.Buffers.Binary;
using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using Pic = DocumentFormat.OpenXml.Drawing.Pictures;
using Wp = DocumentFormat.OpenXml.Drawing.Wordprocessing;

namespace Tiaodu.Core.Documents;

/// <summary>PNG pictures as inline drawings, numbered in order, so the same document gives the same part names.</summary>
internal sealed class DocxImages(MainDocumentPart main)
{
    private const long EmuPerCm = 360_000;

    /// <summary>The GB/T 9704 type area is 156 mm wide.</summary>
    private const double TextWidthCm = 15.6;

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private uint _count;

    public W.Paragraph Picture(ImageBlock image)
    {
        var (pixelsWide, pixelsHigh) = Size(image.Png);
        if (!double.IsFinite(image.WidthCm) || image.WidthCm <= 0)
        {
            throw new ArgumentException("A picture needs a positive width.", nameof(image));
        }

        var id = ++_count;
        var relationship = "rIdImage" + id.ToString(CultureInfo.InvariantCulture);
        var part = main.AddImagePart(ImagePartType.Png, relationship);
        using (var data = new MemoryStream(image.Png, writable: false))
        {
            part.FeedData(data);
        }

        var cx = (long)Math.Round(Math.Min(image.WidthCm, TextWidthCm) * EmuPerCm);
        var cy = (long)Math.Round(cx * (double)pixelsHigh / pixelsWide);
        var name = "图" + id.ToString(CultureInfo.InvariantCulture);
        var description = OfficialDocumentWriter.Clean(image.Caption ?? name);

        var graphic = new A.Graphic(new A.GraphicData(
            new Pic.Picture(
                new Pic.NonVisualPictureProperties(
                    new Pic.NonVisualDrawingProperties { Id = 0U, Name = name, Description = description },
                    new Pic.NonVisualPictureDrawingProperties()),
                new Pic.BlipFill(new A.Blip { Embed = relationship }, new A.Stretch(new A.FillRectangle())),
                new Pic.ShapeProperties(
                    new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = cx, Cy = cy }),
                    new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
        { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" });

        var inline = new Wp.Inline(
            new Wp.Extent { Cx = cx, Cy = cy },
            new Wp.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new Wp.DocProperties { Id = id, Name = name, Description = description },
            new Wp.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            graphic)
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U };

        // The body's fixed line height would crop the picture to one line, so this paragraph takes its height from it.
        return new W.Paragraph(
            new W.ParagraphProperties(
                new W.KeepNext(),
                new W.SpacingBetweenLines { Before = "120", After = "0", Line = "240", LineRule = W.LineSpacingRuleValues.Auto },
                new W.Justification { Val = W.JustificationValues.Center }),
            new W.Run(new W.Drawing(inline)));
    }

    /// <summary>Width and height from the IHDR chunk; anything that is not a PNG is refused.</summary>
    private static (uint Width, uint Height) Size(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (png.Length < 24 || !png.AsSpan(0, 8).SequenceEqual(Signature) || !png.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new ArgumentException("The picture is not a PNG file.", nameof(png));
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20, 4));
        return width == 0 || height == 0 ? throw new ArgumentException("The PNG has no pixels.", nameof(png)) : (width, height);
    }
}
