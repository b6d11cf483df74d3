using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kaifang.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LinkChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LinkCheckResults",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CheckedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Failure = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Warning = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    HttpStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Size = table.Column<long>(type: "INTEGER", nullable: true),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RedirectChain = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Requests = table.Column<int>(type: "INTEGER", nullable: false),
                    DurationMilliseconds = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkCheckResults", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LinkChecks",
                columns: table => new
                {
                    ResourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    LastCheckedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastStatus = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Failure = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Warning = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    HttpStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Size = table.Column<long>(type: "INTEGER", nullable: true),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    HashedBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    RedirectChain = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    FirstFailureAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    LastSuccessAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Content = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    LinksToOtherData = table.Column<bool>(type: "INTEGER", nullable: true),
                    ContentEncoding = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    IsBroken = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkChecks", x => x.ResourceId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LinkCheckResults_ResourceId_CheckedAt",
                table: "LinkCheckResults",
                columns: new[] { "ResourceId", "CheckedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LinkChecks_DatasetId",
                table: "LinkChecks",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_LinkChecks_IsBroken_LastStatus",
                table: "LinkChecks",
                columns: new[] { "IsBroken", "LastStatus" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LinkCheckResults");

            migrationBuilder.DropTable(
                name: "LinkChecks");
        }
    }
}
