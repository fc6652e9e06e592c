using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace RegulationApi.Data;

public sealed class RecordConfiguration : IEntityTypeConfiguration<Record>
{
    public void Configure(EntityTypeBuilder<Record> builder)
    {
        builder.ToTable("records");
        builder.HasKey(r => r.Id);
        // Ties are broken by id in ordinal order, whatever the database's default collation.
        builder.Property(r => r.Id).UseCollation("C").HasMaxLength(100);
        builder.Property(r => r.Kind).HasMaxLength(20);
        builder.Property(r => r.Jurisdiction).HasMaxLength(10);
        builder.Property(r => r.Seq).UseIdentityAlwaysColumn();
        builder.HasIndex(r => r.Seq).IsUnique();
        // Text rather than jsonb, so it comes back byte for byte in the order it was written.
        builder.Property(r => r.Document).HasColumnType("text");
        builder.Property(r => r.Level).HasMaxLength(40);
        builder.Property(r => r.Status).HasMaxLength(20);
        builder.Property(r => r.Verification).HasMaxLength(20);
        builder.Property(r => r.ContentHash).HasMaxLength(64);

        // Filtering, counting and full-text search are answered by the in-memory search index (Search/), which a
        // database index would only slow the bulk import down for; the table is read by primary key and seq.
        // The change feed pages by (updated_at, id).
        builder.HasIndex(r => new { r.UpdatedAt, r.Id });
        builder.Property(r => r.Court).HasColumnType("jsonb");
        builder.Property(r => r.CauseOfAction).HasColumnType("jsonb");
        builder.Property(r => r.AmountInDispute).HasPrecision(20, 2);
        builder.Property(r => r.AmountCurrency).HasMaxLength(3);
        // No foreign keys from record_relations: every relation is checked by the importer and the validator (its target
        // must be a stored, undeleted record), and no record is ever removed (a deletion is a tombstone). Checked row by
        // row, each locking the record it points to, they cost a million-record import several seconds.
    }
}

public sealed class RecordRelationConfiguration : IEntityTypeConfiguration<RecordRelation>
{
    public void Configure(EntityTypeBuilder<RecordRelation> builder)
    {
        builder.ToTable("record_relations");
        builder.HasKey(x => new { x.SourceId, x.Type, x.TargetId });
        builder.Property(x => x.SourceId).UseCollation("C").HasMaxLength(100);
        builder.Property(x => x.TargetId).UseCollation("C").HasMaxLength(100);
        builder.Property(x => x.Type).HasMaxLength(20);
        builder.HasIndex(x => x.TargetId);
    }
}

public sealed class RecordRevisionConfiguration : IEntityTypeConfiguration<RecordRevision>
{
    public void Configure(EntityTypeBuilder<RecordRevision> builder)
    {
        builder.ToTable("record_revisions");
        builder.HasKey(v => new { v.RecordId, v.Number });
        builder.Property(v => v.RecordId).UseCollation("C").HasMaxLength(100);
        builder.Property(v => v.Document).HasColumnType("text");
        builder.Property(v => v.Action).HasMaxLength(20);
        builder.Property(v => v.ChangedBy).HasMaxLength(100);
    }
}

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.HasIndex(k => k.Name).IsUnique();
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.Property(k => k.Prefix).HasMaxLength(16);
    }
}

public sealed class DataVersionConfiguration : IEntityTypeConfiguration<DataVersion>
{
    public void Configure(EntityTypeBuilder<DataVersion> builder)
    {
        builder.ToTable("data_version");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
    }
}
