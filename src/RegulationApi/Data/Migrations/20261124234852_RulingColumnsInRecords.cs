using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RegulationApi.Data.Migrations
{
    /// <inheritdoc />
    public partial class RulingColumnsInRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "amount_currency",
                table: "records",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "amount_in_dispute",
                table: "records",
                type: "numeric(20,2)",
                precision: 20,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "case_number",
                table: "records",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Dictionary<string, string>>(
                name: "cause_of_action",
                table: "records",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<Dictionary<string, string>>(
                name: "court",
                table: "records",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "court_level",
                table: "records",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "decided",
                table: "records",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "legal_basis",
                table: "records",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "outcome",
                table: "records",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "procedure",
                table: "records",
                type: "text",
                nullable: true);

            // The ruling part moves into the record's row: one row per record, one COPY per import.
            migrationBuilder.Sql(
                """
                UPDATE records r SET case_number = d.case_number, court = d.court, court_level = d.court_level,
                    procedure = d.procedure, cause_of_action = d.cause_of_action, decided = d.decided, outcome = d.outcome,
                    legal_basis = d.legal_basis, amount_in_dispute = d.amount, amount_currency = d.currency
                FROM ruling_details d WHERE d.record_id = r.id
                """);

            migrationBuilder.DropTable(
                name: "ruling_details");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ruling_details",
                columns: table => new
                {
                    record_id = table.Column<string>(type: "character varying(100)", nullable: false, collation: "C"),
                    amount = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: true),
                    case_number = table.Column<string>(type: "text", nullable: true),
                    cause_of_action = table.Column<Dictionary<string, string>>(type: "jsonb", nullable: true),
                    court = table.Column<Dictionary<string, string>>(type: "jsonb", nullable: false),
                    court_level = table.Column<string>(type: "text", nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    decided = table.Column<DateOnly>(type: "date", nullable: true),
                    legal_basis = table.Column<List<string>>(type: "text[]", nullable: false),
                    outcome = table.Column<string>(type: "text", nullable: true),
                    procedure = table.Column<string>(type: "text", nullable: true)
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

            migrationBuilder.Sql(
                """
                INSERT INTO ruling_details (record_id, case_number, court, court_level, procedure, cause_of_action, decided,
                    outcome, legal_basis, amount, currency)
                SELECT id, case_number, court, court_level, procedure, cause_of_action, decided, outcome, legal_basis,
                    amount_in_dispute, amount_currency
                FROM records WHERE court IS NOT NULL
                """);

            migrationBuilder.DropColumn(
                name: "amount_currency",
                table: "records");

            migrationBuilder.DropColumn(
                name: "amount_in_dispute",
                table: "records");

            migrationBuilder.DropColumn(
                name: "case_number",
                table: "records");

            migrationBuilder.DropColumn(
                name: "cause_of_action",
                table: "records");

            migrationBuilder.DropColumn(
                name: "court",
                table: "records");

            migrationBuilder.DropColumn(
                name: "court_level",
                table: "records");

            migrationBuilder.DropColumn(
                name: "decided",
                table: "records");

            migrationBuilder.DropColumn(
                name: "legal_basis",
                table: "records");

            migrationBuilder.DropColumn(
                name: "outcome",
                table: "records");

            migrationBuilder.DropColumn(
                name: "procedure",
                table: "records");

        }
    }
}
