using Microsoft.EntityFrameworkCore;
using Tiaodu.Core.Data;

namespace Tiaodu.Core.Reference;

/// <summary>Fills an empty database with the shipped regions, industries and default lists.</summary>
public sealed class SeedReferenceData(TiaoduDb db)
{
    /// <summary>The labels most plans use; administrators add their own.</summary>
    public static readonly IReadOnlyList<string> DefaultTags = ["春季开复工项目", "百大项目", "集中开工项目", "省重点项目"];

    public async Task<bool> HandleAsync(CancellationToken ct)
    {
        // Shipped after the first release, so added to existing databases too.
        if (!await db.MilestoneTemplates.AnyAsync(ct))
        {
            db.MilestoneTemplates.Add(Milestones.MilestoneTemplate.Lifecycle());
            await db.SaveChangesAsync(ct);
        }

        if (await db.Regions.AnyAsync(ct))
        {
            return false;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var regions = await SeedRegionsAsync(ct);
        await SeedIndustriesAsync(ct);
        await SeedListsAsync(regions, ct);
        var order = 0;
        foreach (var tag in DefaultTags)
        {
            db.Tags.Add(new Tag(tag, ++order));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private async Task<Dictionary<string, Region>> SeedRegionsAsync(CancellationToken ct)
    {
        var rows = EmbeddedTsv.Read("Tiaodu.Reference.regions.tsv");
        var byKey = new Dictionary<string, Region>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var key = row["key"];
            var isCode = key.All(char.IsAsciiDigit);
            var region = new Region(key, isCode ? key : null, row["name"], ParseKind(row["kind"]), row["short"],
                int.Parse(row["sort"], System.Globalization.CultureInfo.InvariantCulture));
            byKey.Add(key, region);
            db.Regions.Add(region);
        }

        await db.SaveChangesAsync(ct);
        foreach (var row in rows)
        {
            var parent = row["parent"].Length == 0 ? null : byKey[row["parent"]];
            byKey[row["key"]].PlaceUnder(parent);
        }

        // Parents come before children in the file, so each parent's path is final when a child reads it.
        await db.SaveChangesAsync(ct);
        return byKey;
    }

    private async Task SeedIndustriesAsync(CancellationToken ct)
    {
        var rows = EmbeddedTsv.Read("Tiaodu.Reference.industries.tsv");
        var sections = new Dictionary<string, Lookup>(StringComparer.Ordinal);
        var order = 0;
        foreach (var row in rows.Where(r => r["parent"].Length == 0))
        {
            var section = new Lookup(LookupKind.Industry, row["code"], row["name"], ++order);
            sections.Add(row["code"], section);
            db.Lookups.Add(section);
        }

        await db.SaveChangesAsync(ct);
        foreach (var row in rows.Where(r => r["parent"].Length > 0))
        {
            db.Lookups.Add(new Lookup(LookupKind.Industry, row["code"], row["name"], ++order, parentId: sections[row["parent"]].Id));
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task SeedListsAsync(Dictionary<string, Region> regions, CancellationToken ct)
    {
        var order = 0;
        foreach (var row in EmbeddedTsv.Read("Tiaodu.Reference.lookups.tsv"))
        {
            var kind = Enum.Parse<LookupKind>(row["kind"]);
            var meaning = row["meaning"].Length == 0 ? null : row["meaning"];
            var regionId = row["region"].Length == 0 ? (int?)null : regions[row["region"]].Id;
            db.Lookups.Add(new Lookup(kind, row["code"], row["name"], ++order, meaning, regionId: regionId));
        }

        await db.SaveChangesAsync(ct);
    }

    private static RegionKind ParseKind(string kind) => kind switch
    {
        "province" => RegionKind.Province,
        "city" => RegionKind.City,
        "district" => RegionKind.District,
        "county" => RegionKind.County,
        "countycity" => RegionKind.CountyCity,
        "zone" => RegionKind.Zone,
        "area" => RegionKind.Area,
        _ => throw new InvalidOperationException("Unknown region kind " + kind),
    };
}
