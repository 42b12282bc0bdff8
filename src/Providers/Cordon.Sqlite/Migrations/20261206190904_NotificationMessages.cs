using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Sqlite.Migrations
{
    /// <summary>
    /// ADR 52: a notification's text is stored once per message, and each recipient has a narrow (user, message) row.
    /// Existing notifications become one message each, keeping their ids, so links and cursors held by clients stay valid.
    /// </summary>
    public partial class NotificationMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "NotificationMessages" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_NotificationMessages" PRIMARY KEY AUTOINCREMENT,
                    "MessageKey" TEXT NOT NULL,
                    "Arguments" TEXT NOT NULL,
                    "Link" TEXT NULL,
                    "CreatedAt" INTEGER NOT NULL);
                INSERT INTO "NotificationMessages" ("Id", "MessageKey", "Arguments", "Link", "CreatedAt")
                SELECT "Id", "MessageKey", "Arguments", "Link", "CreatedAt" FROM "Notifications";
                CREATE TABLE "ef_temp_Notifications" (
                    "UserId" TEXT NOT NULL,
                    "MessageId" INTEGER NOT NULL,
                    "ReadAt" INTEGER NULL,
                    CONSTRAINT "PK_Notifications" PRIMARY KEY ("UserId", "MessageId"),
                    CONSTRAINT "FK_Notifications_NotificationMessages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "NotificationMessages" ("Id") ON DELETE CASCADE);
                INSERT INTO "ef_temp_Notifications" ("UserId", "MessageId", "ReadAt") SELECT "UserId", "Id", "ReadAt" FROM "Notifications";
                DROP TABLE "Notifications";
                ALTER TABLE "ef_temp_Notifications" RENAME TO "Notifications";
                CREATE INDEX "IX_Notifications_MessageId" ON "Notifications" ("MessageId");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // One row per recipient again, each with its own id (a message's id goes to its first recipient).
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_Notifications" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_Notifications" PRIMARY KEY AUTOINCREMENT,
                    "UserId" TEXT NOT NULL,
                    "MessageKey" TEXT NOT NULL,
                    "Arguments" TEXT NOT NULL,
                    "Link" TEXT NULL,
                    "CreatedAt" INTEGER NOT NULL,
                    "ReadAt" INTEGER NULL);
                INSERT INTO "ef_temp_Notifications" ("UserId", "MessageKey", "Arguments", "Link", "CreatedAt", "ReadAt")
                SELECT n."UserId", m."MessageKey", m."Arguments", m."Link", m."CreatedAt", n."ReadAt"
                FROM "Notifications" n JOIN "NotificationMessages" m ON m."Id" = n."MessageId" ORDER BY m."Id", n."UserId";
                DROP TABLE "Notifications";
                DROP TABLE "NotificationMessages";
                ALTER TABLE "ef_temp_Notifications" RENAME TO "Notifications";
                CREATE INDEX "IX_Notifications_UserId_Id" ON "Notifications" ("UserId", "Id");
                """);
        }
    }
}
