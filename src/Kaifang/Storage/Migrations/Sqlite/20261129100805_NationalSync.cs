using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kaifang.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NationalSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NationalSyncAgencies",
                columns: table => new
                {
                    AgencyId = table.Column<int>(type: "INTEGER", nullable: false),
                    BaseUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ProtectedApiKey = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ApiKeyHint = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NationalSyncAgencies", x => x.AgencyId);
                });

            migrationBuilder.CreateTable(
                name: "NationalSyncRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgencyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Identifier = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Operation = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: true),
                    PayloadHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SyncedHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    NationalId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    QueuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SyncedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LastHttpStatus = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NationalSyncRecords", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NationalSyncRecords_AgencyId_DatasetId",
                table: "NationalSyncRecords",
                columns: new[] { "AgencyId", "DatasetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NationalSyncRecords_Status_NextAttemptAt",
                table: "NationalSyncRecords",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NationalSyncAgencies");

            migrationBuilder.DropTable(
                name: "NationalSyncRecords");
        }
    }
}
