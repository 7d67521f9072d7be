using System.Globalization;
using System.Security.Cryptography;
using Gacere.DevHost.Processes;

namespace Gacere.DevHost.State;

/// <summary>A pid this state folder's run started, with what makes it unambiguous.</summary>
internal sealed record ChildRecord(string Resource, int Pid, long StartTime, string RunId);

/// <summary>
/// The folder that holds one topology's state: server data, generated secrets, and the list of every
/// child started from it. An exclusive lock keeps two hosts from sharing it; leftovers of a host that
/// died without cleaning up are found through <see cref="ReadChildren"/>.
/// </summary>
internal sealed class StateFolder : IDisposable
{
    private const string LockFile = "devhost.lock";
    private const string OwnerFile = "owner";
    private const string ChildrenFile = "processes";
    private const string SigningKeyFile = "signing-key";
    private const string PostgresPasswordFile = "postgres-password";

    private readonly FileStream _lock;
    private readonly Lock _childrenGate = new();
    private bool _disposed;

    private StateFolder(string path, bool ephemeral, FileStream lockStream)
    {
        Path = path;
        IsEphemeral = ephemeral;
        _lock = lockStream;
    }

    public string Path { get; }

    /// <summary>Created for this run only: deleted on dispose.</summary>
    public bool IsEphemeral { get; }

    public static StateFolder Acquire(string path, bool ephemeral)
    {
        path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(path);
        // Servers run as other users (postgres) and must be able to traverse into their folders.
        UnixPermissions.Add(path, UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        FileStream lockStream;
        try
        {
            lockStream = new FileStream(System.IO.Path.Combine(path, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var owner = File.Exists(System.IO.Path.Combine(path, OwnerFile))
                ? File.ReadAllText(System.IO.Path.Combine(path, OwnerFile)).Split(' ')[0]
                : "unknown";
            throw new DevHostException($"The state folder {path} is in use by another DevHost (pid {owner}); stop it or choose another folder with --state.");
        }
        File.WriteAllText(System.IO.Path.Combine(path, OwnerFile),
            $"{Environment.ProcessId} {ProcFs.StartTime(Environment.ProcessId)}\n");
        return new StateFolder(path, ephemeral, lockStream);
    }

    /// <summary>Base64 of 32 random bytes, created once per state folder so later tokens still validate.</summary>
    public string SigningKey => ReadOrCreateSigningKey(Path);

    public string PostgresPassword =>
        ReadOrCreateValue(Path, PostgresPasswordFile, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), secret: true);

    public string Folder(string name)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public string ReadOrCreate(string relativePath, Func<string> create) => ReadOrCreateValue(Path, relativePath, create, secret: false);

    public static string ReadOrCreateSigningKey(string stateDirectory) =>
        ReadOrCreateValue(stateDirectory, SigningKeyFile, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), secret: true);

    /// <summary>Reads a one-line value, creating it atomically (first writer wins) when missing.</summary>
    private static string ReadOrCreateValue(string stateDirectory, string relativePath, Func<string> create, bool secret)
    {
        var file = System.IO.Path.Combine(stateDirectory, relativePath);
        if (File.Exists(file))
        {
            var existing = File.ReadAllText(file).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        var temporary = $"{file}.{Guid.NewGuid():N}.tmp";
        using (var writer = new StreamWriter(temporary, UnixPermissions.CreateNew(ownerOnly: secret)))
        {
            writer.WriteLine(create());
        }
        try
        {
            File.Move(temporary, file, overwrite: false);
        }
        catch (IOException)
        {
            File.Delete(temporary);
        }
        return File.ReadAllText(file).Trim();
    }

    public void RecordChild(string resource, ChildProcess child, string runId)
    {
        lock (_childrenGate)
        {
            File.AppendAllText(System.IO.Path.Combine(Path, ChildrenFile),
                string.Create(CultureInfo.InvariantCulture, $"{resource} {child.Pid} {child.StartTime} {runId}\n"));
        }
    }

    public static IReadOnlyList<ChildRecord> ReadChildren(string stateDirectory)
    {
        var file = System.IO.Path.Combine(stateDirectory, ChildrenFile);
        if (!File.Exists(file))
        {
            return [];
        }
        var records = new List<ChildRecord>();
        foreach (var line in File.ReadAllLines(file))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 4 && int.TryParse(parts[1], out var pid) && long.TryParse(parts[2], out var start))
            {
                records.Add(new ChildRecord(parts[0], pid, start, parts[3]));
            }
        }
        return records;
    }

    public IReadOnlyList<ChildRecord> ReadChildren() => ReadChildren(Path);

    public void ForgetChildren()
    {
        lock (_childrenGate)
        {
            File.Delete(System.IO.Path.Combine(Path, ChildrenFile));
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            ForgetChildren();
            File.Delete(System.IO.Path.Combine(Path, OwnerFile));
        }
        catch (IOException)
        {
        }
        _lock.Dispose();
        if (IsEphemeral)
        {
            DeleteDirectory(Path);
        }
    }

    public static void DeleteDirectory(string path)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A server that just exited may still be removing its own files.
                Thread.Sleep(100);
            }
        }
    }
}
