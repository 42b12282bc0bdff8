using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DirectoryChangeSignals : Migration
    {
        /// <summary>The directory tables whose every change is signalled to the nodes' caches (ADR 0050).</summary>
        private static readonly string[] DirectoryTables = ["AspNetUsers", "AspNetUserRoles", "AspNetRoles", "ModuleGrants", "ApiClients", "SigningKeys", "WebhookSubscriptions",
            "IncidentChannelMemberships", "IncidentFollows", "IncidentAlertPreferences"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every change to the directory, whoever makes it (a node, the command line, an operator in psql), notifies
            // the channel the nodes listen to; PostgreSQL delivers it at commit, once per transaction.
            migrationBuilder.Sql("""
                CREATE FUNCTION cordon_directory_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('cordon_directory', TG_TABLE_NAME);
                    RETURN NULL;
                END $$;
                """);
            foreach (var table in DirectoryTables)
                migrationBuilder.Sql($"""
                    CREATE TRIGGER cordon_directory_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}"
                        FOR EACH STATEMENT EXECUTE FUNCTION cordon_directory_changed();
                    """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in DirectoryTables)
                migrationBuilder.Sql($"""DROP TRIGGER cordon_directory_changed ON "{table}";""");
            migrationBuilder.Sql("DROP FUNCTION cordon_directory_changed();");
        }
    }
}
