using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace RegulationApi.Data.Migrations
{
    /// <inheritdoc />
    public partial class InMemorySearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ruling_details_case_number",
                table: "ruling_details");

            migrationBuilder.DropIndex(
                name: "IX_records_authority_text",
                table: "records");

            migrationBuilder.DropIndex(
                name: "IX_records_country_year",
                table: "records");

            migrationBuilder.DropIndex(
                name: "IX_records_jurisdiction_year",
                table: "records");

            migrationBuilder.DropIndex(
                name: "IX_records_primary_date_id",
                table: "records");

            migrationBuilder.DropIndex(
                name: "IX_records_search",
                table: "records");

            migrationBuilder.DropIndex(
                name: "IX_records_topics",
                table: "records");

            migrationBuilder.DropIndex(
                name: "IX_records_year",
                table: "records");

            migrationBuilder.DropColumn(
                name: "country",
                table: "records");

            migrationBuilder.DropColumn(
                name: "search",
                table: "records");

            migrationBuilder.DropColumn(
                name: "authorities",
                table: "records");

            migrationBuilder.DropColumn(
                name: "key_points",
                table: "records");

            migrationBuilder.DropColumn(
                name: "notes",
                table: "records");

            migrationBuilder.DropColumn(
                name: "search_a",
                table: "records");

            migrationBuilder.DropColumn(
                name: "search_b",
                table: "records");

            migrationBuilder.DropColumn(
                name: "sources",
                table: "records");

            migrationBuilder.DropColumn(
                name: "summary",
                table: "records");

            migrationBuilder.DropColumn(
                name: "title",
                table: "records");

            migrationBuilder.DropColumn(
                name: "search_c",
                table: "records");

            migrationBuilder.AddColumn<string>(
                name: "document",
                table: "records",
                type: "text",
                nullable: false,
                defaultValue: "");

            // Rows stored before this migration have no document yet: an empty hash makes the next import of them
            // (the seed, at the next start) write it.
            migrationBuilder.Sql("UPDATE records SET content_hash = ''");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<int>(
                name: "seq",
                table: "records",
                type: "integer",
                nullable: false,
                defaultValue: 0)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn);

            migrationBuilder.CreateTable(
                name: "data_version",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    changed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_version", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_records_seq",
                table: "records",
                column: "seq",
                unique: true);

            // lz4 compresses the stored documents several times faster than the default pglz: most of the database's
            // cost of a bulk import. A server built without lz4 keeps pglz.
            migrationBuilder.Sql("""
                DO $$ BEGIN
                  ALTER TABLE records ALTER COLUMN document SET COMPRESSION lz4;
                EXCEPTION WHEN feature_not_supported THEN RAISE NOTICE 'lz4 is not available; keeping pglz';
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_version");

            migrationBuilder.DropIndex(
                name: "IX_records_seq",
                table: "records");

            migrationBuilder.DropColumn(
                name: "seq",
                table: "records");

            migrationBuilder.DropColumn(
                name: "document",
                table: "records");

            migrationBuilder.AddColumn<string>(
                name: "search_c",
                table: "records",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<List<Dictionary<string, string>>>(
                name: "authorities",
                table: "records",
                type: "jsonb",
                nullable: false);

            migrationBuilder.AddColumn<List<Dictionary<string, string>>>(
                name: "key_points",
                table: "records",
                type: "jsonb",
                nullable: false);

            migrationBuilder.AddColumn<string>(
                name: "notes",
                table: "records",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "search_a",
                table: "records",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "search_b",
                table: "records",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "sources",
                table: "records",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Dictionary<string, string>>(
                name: "summary",
                table: "records",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<Dictionary<string, string>>(
                name: "title",
                table: "records",
                type: "jsonb",
                nullable: false);

            migrationBuilder.AddColumn<string>(
                name: "country",
                table: "records",
                type: "character varying(2)",
                maxLength: 2,
                nullable: false,
                computedColumnSql: "split_part(jurisdiction, '-', 1)",
                stored: true);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search",
                table: "records",
                type: "tsvector",
                nullable: false,
                computedColumnSql: "setweight(to_tsvector('english'::regconfig, search_a), 'A') || setweight(to_tsvector('english'::regconfig, search_b), 'B') || setweight(to_tsvector('english'::regconfig, search_c), 'C')",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_ruling_details_case_number",
                table: "ruling_details",
                column: "case_number");

            migrationBuilder.CreateIndex(
                name: "IX_records_authority_text",
                table: "records",
                column: "authority_text")
                .Annotation("Npgsql:IndexMethod", "GIN")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_records_country_year",
                table: "records",
                columns: new[] { "country", "year" });

            migrationBuilder.CreateIndex(
                name: "IX_records_jurisdiction_year",
                table: "records",
                columns: new[] { "jurisdiction", "year" });

            migrationBuilder.CreateIndex(
                name: "IX_records_primary_date_id",
                table: "records",
                columns: new[] { "primary_date", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_records_search",
                table: "records",
                column: "search")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "IX_records_topics",
                table: "records",
                column: "topics")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "IX_records_year",
                table: "records",
                column: "year");
        }
    }
}
