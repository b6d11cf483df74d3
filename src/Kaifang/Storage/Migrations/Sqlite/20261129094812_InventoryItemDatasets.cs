using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kaifang.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InventoryItemDatasets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InventoryItemDatasets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LinkedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LinkedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InventoryItemDatasets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InventoryItemDatasets_InventoryItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "InventoryItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InventoryItemDatasets_DatasetId",
                table: "InventoryItemDatasets",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_InventoryItemDatasets_ItemId_DatasetId",
                table: "InventoryItemDatasets",
                columns: new[] { "ItemId", "DatasetId" },
                unique: true);

            // Each item's one dataset becomes its first link, before the column goes.
            migrationBuilder.Sql(
                "INSERT INTO InventoryItemDatasets (ItemId, DatasetId, LinkedAt, LinkedBy) " +
                "SELECT Id, DatasetId, UpdatedAt, '' FROM InventoryItems WHERE DatasetId IS NOT NULL;");

            migrationBuilder.DropIndex(
                name: "IX_InventoryItems_DatasetId",
                table: "InventoryItems");

            migrationBuilder.DropColumn(
                name: "DatasetId",
                table: "InventoryItems");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InventoryItemDatasets");

            migrationBuilder.AddColumn<Guid>(
                name: "DatasetId",
                table: "InventoryItems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_InventoryItems_DatasetId",
                table: "InventoryItems",
                column: "DatasetId");
        }
    }
}
