using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SigningService.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Superseded : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SupersededByPublicId",
                table: "Documents",
                type: "TEXT",
                maxLength: 26,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SupersededByPublicId",
                table: "Documents");
        }
    }
}
