using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kaifang.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FollowUpReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RemindedAt",
                table: "FollowUpActions",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RemindedAt",
                table: "FollowUpActions");
        }
    }
}
