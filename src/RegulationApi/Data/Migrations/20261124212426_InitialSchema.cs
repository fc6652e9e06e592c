using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;
using RegulationApi.Records;

#nullable disable

namespace RegulationApi.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "records",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    jurisdiction = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false, computedColumnSql: "split_part(jurisdiction, '-', 1)", stored: true),
                    title = table.Column<Dictionary<string, string>>(type: "jsonb", nullable: false),
                    summary = table.Column<Dictionary<string, string>>(type: "jsonb", nullable: true),
                    key_points = table.Column<List<Dictionary<string, string>>>(type: "jsonb", nullable: false),
                    document_number = table.Column<string>(type: "text", nullable: true),
                    authorities = table.Column<List<Dictionary<string, string>>>(type: "jsonb", nullable: false),
                    level = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    issued = table.Column<DateOnly>(type: "date", nullable: true),
                    published = table.Column<DateOnly>(type: "date", nullable: true),
                    effective = table.Column<DateOnly>(type: "date", nullable: true),
                    repealed = table.Column<DateOnly>(type: "date", nullable: true),
                    primary_date = table.Column<DateOnly>(type: "date", nullable: true),
                    year = table.Column<int>(type: "integer", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    topics = table.Column<List<string>>(type: "text[]", nullable: false),
                    sources = table.Column<string>(type: "jsonb", nullable: false),
                    verification = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    notes = table.Column<string>(type: "text", nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    content_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    authority_text = table.Column<string>(type: "text", nullable: false),
                    search_a = table.Column<string>(type: "text", nullable: false),
                    search_b = table.Column<string>(type: "text", nullable: false),
                    search_c = table.Column<string>(type: "text", nullable: false),
                    search = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false, computedColumnSql: "setweight(to_tsvector('english'::regconfig, search_a), 'A') || setweight(to_tsvector('english'::regconfig, search_b), 'B') || setweight(to_tsvector('english'::regconfig, search_c), 'C')", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "record_relations",
                columns: table => new
                {
                    source_id = table.Column<string>(type: "character varying(100)", nullable: false, collation: "C"),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    target_id = table.Column<string>(type: "character varying(100)", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_relations", x => new { x.source_id, x.type, x.target_id });
                    table.ForeignKey(
                        name: "FK_record_relations_records_source_id",
                        column: x => x.source_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_record_relations_records_target_id",
                        column: x => x.target_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ruling_details",
                columns: table => new
                {
                    record_id = table.Column<string>(type: "character varying(100)", nullable: false, collation: "C"),
                    case_number = table.Column<string>(type: "text", nullable: true),
                    court = table.Column<Dictionary<string, string>>(type: "jsonb", nullable: false),
                    court_level = table.Column<string>(type: "text", nullable: true),
                    procedure = table.Column<string>(type: "text", nullable: true),
                    cause_of_action = table.Column<Dictionary<string, string>>(type: "jsonb", nullable: true),
                    decided = table.Column<DateOnly>(type: "date", nullable: true),
                    outcome = table.Column<string>(type: "text", nullable: true),
                    legal_basis = table.Column<List<string>>(type: "text[]", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ruling_details", x => x.record_id);
                    table.ForeignKey(
                        name: "FK_ruling_details_records_record_id",
                        column: x => x.record_id,
                        principalTable: "records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_record_relations_target_id",
                table: "record_relations",
                column: "target_id");

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

            migrationBuilder.CreateIndex(
                name: "IX_ruling_details_case_number",
                table: "ruling_details",
                column: "case_number");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "record_relations");

            migrationBuilder.DropTable(
                name: "ruling_details");

            migrationBuilder.DropTable(
                name: "records");
        }
    }
}
