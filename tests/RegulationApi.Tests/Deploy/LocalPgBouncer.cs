using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using RegulationApi.Tests.Infrastructure;

namespace RegulationApi.Tests.Deploy;

/// <summary>
/// The machine's PgBouncer (Debian's package, installed with apt-get when missing) running deploy/pgbouncer/pgbouncer.ini
/// in front of a PostgreSQL server. Only what belongs to this machine changes: the addresses, the paths, the users and
/// the [databases] targets (every database of the server, by name); the pooling settings are the sample's own.
/// </summary>
public sealed class LocalPgBouncer : IAsyncDisposable
{
    /// <summary>The password the test's users have in PgBouncer's auth file (a trust server ignores it).</summary>
    private const string TestPassword = "pgbouncer-test";

    private readonly string _directory;
    private readonly int _pid;

    private LocalPgBouncer(string directory, int port, int pid, string user, string password)
    {
        _directory = directory;
        Port = port;
        _pid = pid;
        User = user;
        Password = password;
    }

    public int Port { get; }

    public string User { get; }

    public string Password { get; }

    /// <summary>The sample configuration as the repository holds it.</summary>
    public static string SamplePath { get; } = Path.Combine(PostgresFixture.RepositoryRoot, "deploy", "pgbouncer", "pgbouncer.ini");

    public static async Task<LocalPgBouncer> StartAsync(string serverConnectionString)
    {
        var program = await FindOrInstallAsync();
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString);
        var user = server.Username ?? "postgres";
        var password = server.Password ?? TestPassword;
        var directory = Path.Combine(Path.GetTempPath(), "regulationapi-pgbouncer-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var port = FreePort();

        var ini = Path.Combine(directory, "pgbouncer.ini");
        await File.WriteAllTextAsync(ini, Localize(await File.ReadAllTextAsync(SamplePath), new Dictionary<string, string>
        {
            ["listen_addr"] = "127.0.0.1",
            ["listen_port"] = port.ToString(),
            ["unix_socket_dir"] = "",
            ["auth_file"] = Path.Combine(directory, "userlist.txt"),
            ["logfile"] = Path.Combine(directory, "pgbouncer.log"),
            ["pidfile"] = Path.Combine(directory, "pgbouncer.pid"),
            ["admin_users"] = user,
            ["stats_users"] = user,
        }, $"* = host={server.Host} port={server.Port}"));
        // Plain passwords are allowed in the auth file: PgBouncer runs SCRAM with the client and logs in to the server with them.
        await File.WriteAllTextAsync(Path.Combine(directory, "userlist.txt"), $"\"{user}\" \"{password}\"\n");

        // PgBouncer refuses to run as root: as PostgreSQL itself in the tests, it runs as the postgres user then.
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", "-R", "postgres:", directory);
        }

        var started = asRoot
            ? await RunAsync("runuser", "-u", "postgres", "--", program, "-d", ini)
            : await RunAsync(program, "-d", ini);
        Assert.True(started.ExitCode == 0, "PgBouncer did not start: " + started + "\n" + ReadLog(directory));

        var pidFile = Path.Combine(directory, "pgbouncer.pid");
        await Wait.UntilAsync(() => File.Exists(pidFile) && Accepts(port), TimeSpan.FromSeconds(30), "PgBouncer listening on " + port);
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim());
        return new LocalPgBouncer(directory, port, pid, user, password);
    }

    /// <summary>The same database as <paramref name="connectionString"/>, through PgBouncer, with <paramref name="settings"/> added.</summary>
    public string ConnectionStringFor(string connectionString, string settings = "")
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString + ";" + settings)
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = User,
            Password = Password,
        };
        return builder.ConnectionString;
    }

    public string Log => ReadLog(_directory);

    /// <summary>
    /// A command on the admin console (SHOW CONFIG, SHOW POOLS ...), by psql: the console speaks only the simple query
    /// protocol, which Npgsql does not use. Its rows, the columns separated by '|'.
    /// </summary>
    public async Task<string[]> AdminAsync(string command)
    {
        var start = new ProcessStartInfo(Path.Combine(await LocalCluster.BinDirectoryAsync(), "psql"));
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", Port.ToString(), "-U", User, "-d", "pgbouncer", "-Atc", command })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = Password;
        var result = await CommandResult.RunAsync(start, TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, "PgBouncer's admin console: " + result);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// The sample with this machine's values for <paramref name="settings"/> in [pgbouncer] and <paramref name="databases"/>
    /// as the only entry of [databases]. A setting the sample lacks is added; any other line stays as it is.
    /// </summary>
    public static string Localize(string sample, IReadOnlyDictionary<string, string> settings, string databases)
    {
        var output = new StringBuilder();
        var pending = new Dictionary<string, string>(settings);
        var section = "";
        foreach (var line in sample.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith('['))
            {
                AppendPending(output, section, pending);
                section = trimmed;
                output.Append(line).Append('\n');
                if (section == "[databases]")
                {
                    output.Append(databases).Append('\n');
                }

                continue;
            }

            var isSetting = trimmed.Length > 0 && trimmed[0] is not (';' or '#') && trimmed.Contains('=');
            if (isSetting && section == "[databases]")
            {
                continue;
            }

            if (isSetting && section == "[pgbouncer]" && pending.Remove(trimmed[..trimmed.IndexOf('=')].Trim(), out var value))
            {
                output.Append($"{trimmed[..trimmed.IndexOf('=')].Trim()} = {value}\n");
                continue;
            }

            output.Append(line).Append('\n');
        }

        AppendPending(output, section, pending);
        return output.ToString();
    }

    private static void AppendPending(StringBuilder output, string section, Dictionary<string, string> pending)
    {
        if (section != "[pgbouncer]")
        {
            return;
        }

        foreach (var (key, value) in pending)
        {
            output.Append($"{key} = {value}\n");
        }

        pending.Clear();
    }

    private static async Task<string> FindOrInstallAsync()
    {
        string[] candidates = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer"];
        if (candidates.FirstOrDefault(File.Exists) is { } found)
        {
            return found;
        }

        // As scripts/local-postgres.sh installs PostgreSQL: Debian's package, when the tests run as root.
        Assert.True(Environment.UserName == "root", "PgBouncer is not installed (apt-get install pgbouncer), and the tests are not root to install it");
        var install = await RunAsync("bash", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer");
        Assert.True(install.ExitCode == 0, "installing PgBouncer failed: " + install);
        return candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("pgbouncer not found after installing it: " + install);
    }

    private static Task<CommandResult> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return CommandResult.RunAsync(start, TimeSpan.FromMinutes(10));
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string ReadLog(string directory)
    {
        var log = Path.Combine(directory, "pgbouncer.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(PgBouncer wrote no log)";
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            // A daemon, not a child of the test process: killed, not waited for.
            using var process = Process.GetProcessById(_pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // It has exited already.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is harmless.
        }

        return ValueTask.CompletedTask;
    }
}
