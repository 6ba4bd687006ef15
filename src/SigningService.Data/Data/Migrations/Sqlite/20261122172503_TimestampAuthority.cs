using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SigningService.Data.Migrations.Sqlite
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
                type: "TEXT",
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
