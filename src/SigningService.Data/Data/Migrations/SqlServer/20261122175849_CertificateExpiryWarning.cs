using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SigningService.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CertificateExpiryWarning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ExpiryWarnedDaysBefore",
                table: "Signatories",
                type: "int",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExpiryWarnedDaysBefore",
                table: "Signatories");
        }
    }
}
