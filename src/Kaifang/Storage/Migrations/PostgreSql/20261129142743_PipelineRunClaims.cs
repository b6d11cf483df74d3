using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kaifang.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PipelineRunClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CancelRequested",
                table: "PipelineRuns",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "HeartbeatAt",
                table: "PipelineRuns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "Node",
                table: "PipelineRuns",
                type: "uuid",
                nullable: true);

            // Runs left running before runs had heartbeats published nothing; closed so that one running run per pipeline holds.
            migrationBuilder.Sql("UPDATE \"PipelineRuns\" SET \"Status\" = 'Failed' WHERE \"Status\" = 'Running'");

            migrationBuilder.CreateIndex(
                name: "IX_PipelineRuns_OneRunning",
                table: "PipelineRuns",
                column: "PipelineId",
                unique: true,
                filter: "\"Status\" = 'Running'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PipelineRuns_OneRunning",
                table: "PipelineRuns");

            migrationBuilder.DropColumn(
                name: "CancelRequested",
                table: "PipelineRuns");

            migrationBuilder.DropColumn(
                name: "HeartbeatAt",
                table: "PipelineRuns");

            migrationBuilder.DropColumn(
                name: "Node",
                table: "PipelineRuns");
        }
    }
}
