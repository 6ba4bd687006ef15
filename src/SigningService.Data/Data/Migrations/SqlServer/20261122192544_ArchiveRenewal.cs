using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SigningService.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ArchiveRenewal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ArchiveExpiresAt",
                table: "Documents",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ArchiveRenewedAt",
                table: "Documents",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Documents_ArchiveExpiresAt",
                table: "Documents",
                column: "ArchiveExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Documents_ArchiveExpiresAt",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "ArchiveExpiresAt",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "ArchiveRenewedAt",
                table: "Documents");
        }
    }
}
