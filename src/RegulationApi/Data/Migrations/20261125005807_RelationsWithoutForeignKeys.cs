using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RegulationApi.Data.Migrations
{
    /// <inheritdoc />
    public partial class RelationsWithoutForeignKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_record_relations_records_source_id",
                table: "record_relations");

            migrationBuilder.DropForeignKey(
                name: "FK_record_relations_records_target_id",
                table: "record_relations");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "FK_record_relations_records_source_id",
                table: "record_relations",
                column: "source_id",
                principalTable: "records",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_record_relations_records_target_id",
                table: "record_relations",
                column: "target_id",
                principalTable: "records",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
