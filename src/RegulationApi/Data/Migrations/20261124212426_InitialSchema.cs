using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace RegulationApi.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // This one migration replaces the project's first five (InitialSchema, InMemorySearchIndex,
            // RulingColumnsInRecords, Curation, RelationsWithoutForeignKeys) under the first one's id, so a database that
            // applied those is up to date. A fresh database gets the same schema as one of those, to the column order
            // (pg_dump --schema-only of both is equal; tests/RegulationApi.Tests/Data/schema.sql is that dump):
            // - pg_trgm stays installed: the first design's trigram index needed it, and EF never drops an extension;
            // - records.document keeps the default '' it was added to existing rows with;
            // - records' columns are in the order the five migrations left them.
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_keys", x => x.id);
                });

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

            migrationBuilder.CreateTable(
                name: "record_relations",
                columns: table => new
                {
                    source_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    target_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_relations", x => new { x.source_id, x.type, x.target_id });
                });

            migrationBuilder.CreateTable(
                name: "record_revisions",
                columns: table => new
                {
                    record_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    number = table.Column<int>(type: "integer", nullable: false),
                    document = table.Column<string>(type: "text", nullable: true),
                    action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    changed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    changed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    changed_fields = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_revisions", x => new { x.record_id, x.number });
                });

            migrationBuilder.CreateTable(
                name: "records",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    jurisdiction = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    document_number = table.Column<string>(type: "text", nullable: true),
                    level = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    issued = table.Column<DateOnly>(type: "date", nullable: true),
                    published = table.Column<DateOnly>(type: "date", nullable: true),
                    effective = table.Column<DateOnly>(type: "date", nullable: true),
                    repealed = table.Column<DateOnly>(type: "date", nullable: true),
                    primary_date = table.Column<DateOnly>(type: "date", nullable: true),
                    year = table.Column<int>(type: "integer", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    topics = table.Column<List<string>>(type: "text[]", nullable: false),
                    verification = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    content_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    authority_text = table.Column<string>(type: "text", nullable: false),
                    document = table.Column<string>(type: "text", nullable: false, defaultValue: ""),
                    seq = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    amount_currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    amount_in_dispute = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: true),
                    case_number = table.Column<string>(type: "text", nullable: true),
                    cause_of_action = table.Column<Dictionary<string, string>>(type: "jsonb", nullable: true),
                    court = table.Column<Dictionary<string, string>>(type: "jsonb", nullable: true),
                    court_level = table.Column<string>(type: "text", nullable: true),
                    decided = table.Column<DateOnly>(type: "date", nullable: true),
                    legal_basis = table.Column<List<string>>(type: "text[]", nullable: true),
                    outcome = table.Column<string>(type: "text", nullable: true),
                    procedure = table.Column<string>(type: "text", nullable: true),
                    deleted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_records", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_hash",
                table: "api_keys",
                column: "hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_name",
                table: "api_keys",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_record_relations_target_id",
                table: "record_relations",
                column: "target_id");

            migrationBuilder.CreateIndex(
                name: "IX_records_seq",
                table: "records",
                column: "seq",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_records_updated_at_id",
                table: "records",
                columns: new[] { "updated_at", "id" });

            // Raw SQL, because EF cannot say "lz4 where the server has it": lz4 compresses the stored documents several
            // times faster than the default pglz, which is most of the database's cost of a bulk import. A server built
            // without lz4 keeps pglz (EF's compression annotation would fail there instead).
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
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "data_version");

            migrationBuilder.DropTable(
                name: "record_relations");

            migrationBuilder.DropTable(
                name: "record_revisions");

            migrationBuilder.DropTable(
                name: "records");
        }
    }
}
