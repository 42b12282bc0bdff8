namespace Cordon.Application.Incidents;

/// <summary>
/// The provider-specific full-text index of incidents, which EF's model cannot express. It indexes the
/// denormalized, lower-cased <c>Incidents.SearchText</c> column (summary, place, modus operandi, substance
/// names and synonyms, country names in four languages, companies, persons, container and airway-bill
/// numbers, also without spaces or dashes).
/// <para>
/// INTEGRATOR: the <c>Incidents</c> migration of each provider calls these statements
/// (<c>migrationBuilder.Sql(IncidentSearchSql.PostgresUp)</c> / <c>SqliteUp</c>, and the Down ones).
/// When migrations are regenerated, add those calls to the regenerated migration that creates the
/// <c>Incidents</c> table (after the table is created). Nothing else depends on the migration.
/// </para>
/// </summary>
public static class IncidentSearchSql
{
    /// <summary>PostgreSQL: a generated tsvector column (simple configuration: no stemming, every language) with a GIN index.</summary>
    public const string PostgresUp = """
        ALTER TABLE "Incidents" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "SearchText")) STORED;
        CREATE INDEX "IX_Incidents_SearchVector" ON "Incidents" USING GIN ("SearchVector");
        """;

    public const string PostgresDown = """
        DROP INDEX IF EXISTS "IX_Incidents_SearchVector";
        ALTER TABLE "Incidents" DROP COLUMN IF EXISTS "SearchVector";
        """;

    /// <summary>
    /// PostgreSQL (ADR 44): fills <c>FacetKeys</c> from the rows of each incident (as <c>IncidentFacets.Of</c> does) and replaces
    /// the GIN index on <c>SearchVector</c> by one over (<c>SearchVector</c>, <c>FacetKeys</c>), so that words and facets are
    /// intersected in the index. The old index is dropped first: a million GIN insertions would cost far more than one build.
    /// </summary>
    public const string PostgresFacetsUp = """
        DROP INDEX IF EXISTS "IX_Incidents_SearchVector";
        UPDATE "Incidents" i SET "FacetKeys" = ARRAY(
            SELECT k FROM (
                SELECT 'ch:' || i."Channel"
                UNION SELECT 'ty:' || i."Type"
                UNION SELECT 'yr:' || date_part('year', i."OccurredOn")::int::text
                UNION SELECT 'su:' || s."SubstanceCode" FROM "IncidentSubstances" s WHERE s."IncidentId" = i."Id" AND s."SubstanceCode" IS NOT NULL
                UNION SELECT 'co:' || c."CountryCode" FROM "IncidentCountries" c WHERE c."IncidentId" = i."Id") f(k)
            ORDER BY k COLLATE "C");
        ALTER TABLE "Incidents" ALTER COLUMN "FacetKeys" DROP DEFAULT;
        CREATE INDEX "IX_Incidents_SearchVector_FacetKeys" ON "Incidents" USING GIN ("SearchVector", "FacetKeys");
        """;

    public const string PostgresFacetsDown = """
        DROP INDEX IF EXISTS "IX_Incidents_SearchVector_FacetKeys";
        CREATE INDEX "IX_Incidents_SearchVector" ON "Incidents" USING GIN ("SearchVector");
        """;

    /// <summary>SQLite: fills <c>FacetKeys</c> (a JSON array there) so that both providers hold the same data; SQLite does not query it.</summary>
    public const string SqliteFacetsUp = """
        UPDATE "Incidents" SET "FacetKeys" = (
            SELECT json_group_array(k) FROM (
                SELECT 'ch:' || "Incidents"."Channel" AS k
                UNION SELECT 'ty:' || "Incidents"."Type"
                UNION SELECT 'yr:' || substr("Incidents"."OccurredOn", 1, 4)
                UNION SELECT 'su:' || s."SubstanceCode" FROM "IncidentSubstances" s WHERE s."IncidentId" = "Incidents"."Id" AND s."SubstanceCode" IS NOT NULL
                UNION SELECT 'co:' || c."CountryCode" FROM "IncidentCountries" c WHERE c."IncidentId" = "Incidents"."Id"
                ORDER BY 1));
        """;

    /// <summary>SQLite: an FTS5 table keyed by the incident id, kept in step with Incidents by triggers.</summary>
    public const string SqliteUp = """
        CREATE VIRTUAL TABLE "IncidentSearch" USING fts5("IncidentId" UNINDEXED, "SearchText");
        CREATE TRIGGER "Incidents_search_insert" AFTER INSERT ON "Incidents" BEGIN
            INSERT INTO "IncidentSearch"("IncidentId", "SearchText") VALUES (new."Id", new."SearchText");
        END;
        CREATE TRIGGER "Incidents_search_update" AFTER UPDATE OF "SearchText" ON "Incidents" BEGIN
            DELETE FROM "IncidentSearch" WHERE "IncidentId" = old."Id";
            INSERT INTO "IncidentSearch"("IncidentId", "SearchText") VALUES (new."Id", new."SearchText");
        END;
        CREATE TRIGGER "Incidents_search_delete" AFTER DELETE ON "Incidents" BEGIN
            DELETE FROM "IncidentSearch" WHERE "IncidentId" = old."Id";
        END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS "Incidents_search_insert";
        DROP TRIGGER IF EXISTS "Incidents_search_update";
        DROP TRIGGER IF EXISTS "Incidents_search_delete";
        DROP TABLE IF EXISTS "IncidentSearch";
        """;
}
