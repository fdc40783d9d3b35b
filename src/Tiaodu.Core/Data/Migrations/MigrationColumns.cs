using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace Tiaodu.Core.Data.Migrations;

/// <summary>
/// Provider-neutral column shapes for hand-written migrations: column types are left to the provider's
/// type mapping, and both providers' identity annotations are given (each ignores the other's).
/// </summary>
internal static class MigrationColumns
{
    public static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder c) =>
        c.Column<int>(nullable: false)
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    public static OperationBuilder<AddColumnOperation> LongIdentity(ColumnsBuilder c) =>
        c.Column<long>(nullable: false)
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    /// <summary>A decimal stored by <see cref="ScaledDecimalConverter"/>.</summary>
    public static OperationBuilder<AddColumnOperation> Money(ColumnsBuilder c, bool nullable = false) =>
        c.Column<long>(nullable: nullable);

    public static OperationBuilder<AddColumnOperation> Varchar(ColumnsBuilder c, int maxLength, bool nullable = false) =>
        c.Column<string>(maxLength: maxLength, nullable: nullable);
}
