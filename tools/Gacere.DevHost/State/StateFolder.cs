using System.Security.Cryptography;

namespace Gacere.DevHost.State;

/// <summary>
/// The folder that holds one topology's state: server data and generated secrets. An exclusive lock
/// keeps two hosts from sharing it.
/// </summary>
internal sealed class StateFolder(string path, FileStream lockStream) : IDisposable
{
    public string Path => path;

    /// <summary>Base64 of 32 random bytes, created once per state folder so later tokens still validate.</summary>
    public string SigningKey => ReadOrCreateSigningKey(path);

    public string PostgresPassword => ReadOrCreate(path, "postgres-password", () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    public static StateFolder Acquire(string path)
    {
        Directory.CreateDirectory(path);
        // Servers run as other users (postgres) and must be able to traverse into their folders.
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        try
        {
            return new StateFolder(path, new FileStream(System.IO.Path.Combine(path, "devhost.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            var owner = StatusSnapshot.ReadLive(path)?.DevHostPid.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
            throw new DevHostException($"The state folder {path} is in use by another DevHost (pid {owner}); stop it or choose another folder with --state.");
        }
    }

    public string Folder(string name) => Directory.CreateDirectory(System.IO.Path.Combine(path, name)).FullName;
    public string ReadOrCreate(string relativePath, Func<string> create) => ReadOrCreate(path, relativePath, create);

    public static string ReadOrCreateSigningKey(string stateDirectory) =>
        ReadOrCreate(stateDirectory, "signing-key", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Reads a one-line value, creating it atomically (first writer wins, readable by the owner only) when missing.</summary>
    private static string ReadOrCreate(string stateDirectory, string relativePath, Func<string> create)
    {
        var file = System.IO.Path.Combine(stateDirectory, relativePath);
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } existing)
        {
            return existing;
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        var temporary = $"{file}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using (var writer = new StreamWriter(temporary, options))
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

    public void Dispose() => lockStream.Dispose();
}
