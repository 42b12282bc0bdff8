using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Traceability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChainKeyVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChainId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestingGeneration = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestingWrappedKey = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RespondingGeneration = table.Column<int>(type: "INTEGER", nullable: false),
                    RespondingWrappedKey = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainKeyVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyKeyGenerations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    PublicKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyKeyGenerations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartyKeyShares",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GenerationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Generation = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WrappedPrivateKey = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyKeyShares", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TraceabilityAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChainId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Ciphertext = table.Column<string>(type: "TEXT", nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TraceabilityAttachments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TraceabilityChains",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestingParty = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    RespondingParty = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    LastMessageAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstReplyAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReplySeconds = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CurrentKeyVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    UimCount = table.Column<int>(type: "INTEGER", nullable: false),
                    MessageCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TraceabilityChains", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TraceabilityMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChainId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    SenderParty = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    RecipientParty = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    SenderUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SenderKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KeyVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Ciphertext = table.Column<string>(type: "TEXT", nullable: false),
                    Signature = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    UimCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReadBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ActionedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ActionedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    AttachmentCount = table.Column<int>(type: "INTEGER", nullable: false),
                    AttachmentBytes = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TraceabilityMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TraceabilityUserKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    EncryptionPublicKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    SigningPublicKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WrappedPrivateKeys = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReplacedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TraceabilityUserKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UimPatterns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SegmentsJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Regex = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ExamplesJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UimPatterns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChainKeyVersions_ChainId_Number",
                table: "ChainKeyVersions",
                columns: new[] { "ChainId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartyKeyGenerations_PartyCode_Number",
                table: "PartyKeyGenerations",
                columns: new[] { "PartyCode", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartyKeyShares_GenerationId_UserKeyId",
                table: "PartyKeyShares",
                columns: new[] { "GenerationId", "UserKeyId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartyKeyShares_PartyCode_Generation",
                table: "PartyKeyShares",
                columns: new[] { "PartyCode", "Generation" });

            migrationBuilder.CreateIndex(
                name: "IX_PartyKeyShares_UserKeyId",
                table: "PartyKeyShares",
                column: "UserKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_TraceabilityAttachments_MessageId",
                table: "TraceabilityAttachments",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_TraceabilityChains_CreatedAt_RespondingParty_ReplySeconds",
                table: "TraceabilityChains",
                columns: new[] { "CreatedAt", "RespondingParty", "ReplySeconds" });

            migrationBuilder.CreateIndex(
                name: "IX_TraceabilityChains_RequestingParty_LastMessageAt",
                table: "TraceabilityChains",
                columns: new[] { "RequestingParty", "LastMessageAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TraceabilityChains_RespondingParty_LastMessageAt",
                table: "TraceabilityChains",
                columns: new[] { "RespondingParty", "LastMessageAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TraceabilityMessages_ChainId_Sequence",
                table: "TraceabilityMessages",
                columns: new[] { "ChainId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TraceabilityMessages_RecipientParty_ActionedAt_SentAt",
                table: "TraceabilityMessages",
                columns: new[] { "RecipientParty", "ActionedAt", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TraceabilityMessages_SentAt_SenderParty_RecipientParty_Kind_UimCount",
                table: "TraceabilityMessages",
                columns: new[] { "SentAt", "SenderParty", "RecipientParty", "Kind", "UimCount" });

            migrationBuilder.CreateIndex(
                name: "IX_TraceabilityUserKeys_PartyCode_ReplacedAt",
                table: "TraceabilityUserKeys",
                columns: new[] { "PartyCode", "ReplacedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TraceabilityUserKeys_UserId_ReplacedAt",
                table: "TraceabilityUserKeys",
                columns: new[] { "UserId", "ReplacedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_UimPatterns_PartyCode_WithdrawnAt",
                table: "UimPatterns",
                columns: new[] { "PartyCode", "WithdrawnAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChainKeyVersions");

            migrationBuilder.DropTable(
                name: "PartyKeyGenerations");

            migrationBuilder.DropTable(
                name: "PartyKeyShares");

            migrationBuilder.DropTable(
                name: "TraceabilityAttachments");

            migrationBuilder.DropTable(
                name: "TraceabilityChains");

            migrationBuilder.DropTable(
                name: "TraceabilityMessages");

            migrationBuilder.DropTable(
                name: "TraceabilityUserKeys");

            migrationBuilder.DropTable(
                name: "UimPatterns");
        }
    }
}
