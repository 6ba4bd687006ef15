using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SigningService.Data;

// Used only by `dotnet ef migrations add … --context X` to build each provider's model; the connection
// strings are placeholders, never opened.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSigningDbContext>
{
    public SqliteSigningDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSigningDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSigningDbContext>
{
    public PostgresSigningDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSigningDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerSigningDbContext>
{
    public SqlServerSigningDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerSigningDbContext>().UseSqlServer("Server=localhost;Database=design").Options);
}
