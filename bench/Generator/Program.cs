using System.Text.Encodings.Web;
using System.Text.Json;

// Writes COUNT records in the seed format, the same for the same COUNT and SEED, and beside them the lists
// of varied queries the benchmark draws from (OUTFILE.queries.json) and their raw values for the peer (OUTFILE.peer.json).
if (args.Length < 2 || !int.TryParse(args[0], out var count) || count < 1000)
{
    Console.Error.WriteLine("usage: dotnet run --project bench/Generator -c Release -- COUNT(>=1000) OUTFILE [SEED]");
    return 2;
}

var output = args[1];
var seed = args.Length > 2 ? int.Parse(args[2]) : 42;
var generator = new BenchData(count, seed);
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await using (var stream = File.Create(output))
await using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = json.Encoder }))
{
    writer.WriteStartArray();
    for (var i = 0; i < count; i++)
    {
        JsonSerializer.Serialize(writer, generator.Record(i), json);
        if (i % 10_000 == 0)
        {
            await writer.FlushAsync();
        }
    }

    writer.WriteEndArray();
}

await File.WriteAllTextAsync(output + ".queries.json", JsonSerializer.Serialize(generator.Queries(), json));
await File.WriteAllTextAsync(output + ".peer.json", JsonSerializer.Serialize(generator.PeerValues(), json));
Console.WriteLine($"Wrote {count} records to {output}");
return 0;
