using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kaifang.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QuarterlyChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "QualitySnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Quarter = table.Column<int>(type: "INTEGER", nullable: false),
                    AgencyId = table.Column<int>(type: "INTEGER", nullable: false),
                    TakenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TakenBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DatasetsOpen = table.Column<int>(type: "INTEGER", nullable: false),
                    NotUpdatedOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    BrokenLinks = table.Column<int>(type: "INTEGER", nullable: false),
                    WrongInformation = table.Column<int>(type: "INTEGER", nullable: false),
                    Accuracy = table.Column<double>(type: "REAL", nullable: true),
                    ThreeStarsOrMore = table.Column<int>(type: "INTEGER", nullable: false),
                    FourStarsOrMore = table.Column<int>(type: "INTEGER", nullable: false),
                    FiveStars = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QualitySnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "QualitySnapshotItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SnapshotId = table.Column<long>(type: "INTEGER", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Identifier = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Stars = table.Column<int>(type: "INTEGER", nullable: false),
                    NotUpdatedOnTime = table.Column<bool>(type: "INTEGER", nullable: false),
                    BrokenLink = table.Column<bool>(type: "INTEGER", nullable: false),
                    WrongInformation = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reasons = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QualitySnapshotItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QualitySnapshotItems_QualitySnapshots_SnapshotId",
                        column: x => x.SnapshotId,
                        principalTable: "QualitySnapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_QualitySnapshotItems_SnapshotId",
                table: "QualitySnapshotItems",
                column: "SnapshotId");

            migrationBuilder.CreateIndex(
                name: "IX_QualitySnapshots_Year_Quarter_AgencyId",
                table: "QualitySnapshots",
                columns: new[] { "Year", "Quarter", "AgencyId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "QualitySnapshotItems");

            migrationBuilder.DropTable(
                name: "QualitySnapshots");
        }
    }
}
