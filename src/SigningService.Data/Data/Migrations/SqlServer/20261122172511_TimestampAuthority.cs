using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SigningService.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TimestampAuthority : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TimestampAuthority",
                table: "Documents",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TimestampAuthority",
                table: "Documents");
        }
    }
}
