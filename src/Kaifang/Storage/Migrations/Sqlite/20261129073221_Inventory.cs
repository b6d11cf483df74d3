using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Kaifang.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Inventory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InventoryReminders",
                columns: table => new
                {
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    AgencyId = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InventoryReminders", x => new { x.RoundId, x.AgencyId });
                });

            migrationBuilder.CreateTable(
                name: "InventoryRounds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Quarter = table.Column<int>(type: "INTEGER", nullable: false),
                    OpensOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InventoryRounds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LegalBases",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Law = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Article = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LegalBases", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "ReviewMeetings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Occasion = table.Column<int>(type: "INTEGER", nullable: false),
                    AgencyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", nullable: true),
                    MinutesRecordedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    MinutesRecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewMeetings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InventoryItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    AgencyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    SourceKind = table.Column<int>(type: "INTEGER", nullable: false),
                    OwningUnit = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    MainFields = table.Column<string>(type: "TEXT", nullable: false),
                    Volume = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    UpdateFrequency = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    HasPersonalData = table.Column<bool>(type: "INTEGER", nullable: false),
                    Grade = table.Column<int>(type: "INTEGER", nullable: false),
                    LegalBases = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    LegalBasisNote = table.Column<string>(type: "TEXT", nullable: true),
                    Licence = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Fee = table.Column<int>(type: "INTEGER", nullable: false),
                    FeeBasis = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    LastReason = table.Column<string>(type: "TEXT", nullable: true),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InventoryItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InventoryItems_InventoryRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "InventoryRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "FollowUpActions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DoneAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FollowUpActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FollowUpActions_ReviewMeetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "ReviewMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeetingMembers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Affiliation = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    External = table.Column<bool>(type: "INTEGER", nullable: false),
                    Chair = table.Column<bool>(type: "INTEGER", nullable: false),
                    Attended = table.Column<bool>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingMembers_ReviewMeetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "ReviewMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgendaItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeetingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Decision = table.Column<int>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgendaItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgendaItems_InventoryItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "InventoryItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AgendaItems_ReviewMeetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "ReviewMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InventoryItemMoves",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    From = table.Column<int>(type: "INTEGER", nullable: true),
                    To = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    MeetingId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InventoryItemMoves", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InventoryItemMoves_InventoryItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "InventoryItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "LegalBases",
                columns: new[] { "Code", "Active", "Article", "Law", "Order", "Text" },
                values: new object[,]
                {
                    { "CSPA-2", true, "第2條", "國家機密保護法", 160, "為確保國家安全或利益而有保密之必要，對政府機關持有或保管之資訊，經依本法核定機密等級者。" },
                    { "FOIA-18-1-1", true, "第18條第1項第1款", "政府資訊公開法", 50, "經依法核定為國家機密或其他法律、法規命令規定應秘密事項或限制、禁止公開者。" },
                    { "FOIA-18-1-2", true, "第18條第1項第2款", "政府資訊公開法", 60, "公開或提供有礙犯罪之偵查、追訴、執行或足以妨害刑事被告受公正之裁判或有危害他人生命、身體、自由、財產者。" },
                    { "FOIA-18-1-3", true, "第18條第1項第3款", "政府資訊公開法", 70, "政府機關作成意思決定前，內部單位之擬稿或其他準備作業。但對公益有必要者，得公開或提供之。" },
                    { "FOIA-18-1-4", true, "第18條第1項第4款", "政府資訊公開法", 80, "政府機關為實施監督、管理、檢（調）查、取締等業務，而取得或製作監督、管理、檢（調）查、取締對象之相關資料，其公開或提供將對實施目的造成困難或妨害者。" },
                    { "FOIA-18-1-5", true, "第18條第1項第5款", "政府資訊公開法", 90, "有關專門知識、技能或資格所為之考試、檢定或鑑定等有關資料，其公開或提供將影響其公正效率之執行者。" },
                    { "FOIA-18-1-6", true, "第18條第1項第6款", "政府資訊公開法", 100, "公開或提供有侵害個人隱私、職業上秘密或著作權人之公開發表權者。但對公益有必要或為保護人民生命、身體、健康有必要或經當事人同意者，不在此限。" },
                    { "FOIA-18-1-7", true, "第18條第1項第7款", "政府資訊公開法", 110, "個人、法人或團體營業上秘密或經營事業有關之資訊，其公開或提供有侵害該個人、法人或團體之權利、競爭地位或其他正當利益者。但對公益有必要或為保護人民生命、身體、健康有必要或經當事人同意者，不在此限。" },
                    { "FOIA-18-1-8", true, "第18條第1項第8款", "政府資訊公開法", 120, "為保存文化資產必須特別管理，而公開或提供有滅失或減損其價值之虞者。" },
                    { "FOIA-18-1-9", true, "第18條第1項第9款", "政府資訊公開法", 130, "公營事業機構經營之有關資料，其公開或提供將妨害其經營上之正當利益者。但對公益有必要者，不在此限。" },
                    { "OTHER-LAW", true, "", "其他法律、法規命令", 170, "其他法律或法規命令規定應秘密或限制、禁止公開者（請於依據說明欄寫明法規名稱與條次）。" },
                    { "PDPA-15", true, "第15條", "個人資料保護法", 10, "公務機關對個人資料之蒐集或處理，除第六條第一項所規定資料外，應有特定目的，並符合法定情形之一。" },
                    { "PDPA-16", true, "第16條", "個人資料保護法", 20, "公務機關對個人資料之利用，除第六條第一項所規定資料外，應於執行法定職務必要範圍內為之，並與蒐集之特定目的相符。" },
                    { "PDPA-19", true, "第19條", "個人資料保護法", 30, "非公務機關對個人資料之蒐集或處理，除第六條第一項所規定資料外，應有特定目的，並符合法定情形之一。" },
                    { "PDPA-20", true, "第20條", "個人資料保護法", 40, "非公務機關對個人資料之利用，除第六條第一項所規定資料外，應於蒐集之特定目的必要範圍內為之。" },
                    { "STAT", true, "", "統計法", 140, "統計調查所蒐集之個別資料應予保密，除供統計目的使用外，不得公開或提供。" },
                    { "TSA-2", true, "第2條", "營業秘密法", 150, "可用於生產、銷售或經營之資訊，非一般涉及該類資訊之人所知，因其秘密性而具有實際或潛在之經濟價值，且所有人已採取合理之保密措施者。" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_AgendaItems_ItemId",
                table: "AgendaItems",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_AgendaItems_MeetingId_ItemId",
                table: "AgendaItems",
                columns: new[] { "MeetingId", "ItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpActions_MeetingId",
                table: "FollowUpActions",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_InventoryItemMoves_ItemId",
                table: "InventoryItemMoves",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_InventoryItems_DatasetId",
                table: "InventoryItems",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_InventoryItems_RoundId_AgencyId_State",
                table: "InventoryItems",
                columns: new[] { "RoundId", "AgencyId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_InventoryItems_State",
                table: "InventoryItems",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_InventoryRounds_Year_Quarter",
                table: "InventoryRounds",
                columns: new[] { "Year", "Quarter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeetingMembers_MeetingId",
                table: "MeetingMembers",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewMeetings_Kind_AgencyId_Date",
                table: "ReviewMeetings",
                columns: new[] { "Kind", "AgencyId", "Date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgendaItems");

            migrationBuilder.DropTable(
                name: "FollowUpActions");

            migrationBuilder.DropTable(
                name: "InventoryItemMoves");

            migrationBuilder.DropTable(
                name: "InventoryReminders");

            migrationBuilder.DropTable(
                name: "LegalBases");

            migrationBuilder.DropTable(
                name: "MeetingMembers");

            migrationBuilder.DropTable(
                name: "InventoryItems");

            migrationBuilder.DropTable(
                name: "ReviewMeetings");

            migrationBuilder.DropTable(
                name: "InventoryRounds");
        }
    }
}
