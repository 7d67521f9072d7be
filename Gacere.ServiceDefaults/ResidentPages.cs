using System.Globalization;
using System.Runtime.InteropServices;

namespace Gacere.ServiceDefaults;

/// <summary>How <see cref="ResidentPages.ReleaseFilePages"/> gives back the file pages start-up touched once.</summary>
internal enum FilePageRelease
{
    /// <summary>Nothing is released.</summary>
    Off,

    /// <summary>
    /// <c>madvise(MADV_PAGEOUT)</c> (Linux 5.4) over every file-backed mapping: the kernel reclaims the clean file pages
    /// this process alone maps (its own assemblies); pages another process also maps (the shared framework, libcoreclr)
    /// and dirty or anonymous pages are left as they are. Nothing is lost: a reclaimed page is read back when touched.
    /// </summary>
    PageOut,

    /// <summary>
    /// <see cref="PageOut"/>, then <c>madvise(MADV_DONTNEED)</c> over the read-only file mappings that hold no private
    /// (copy-on-write) page: their pages leave this process's page tables but stay in the page cache, shared with every
    /// other process mapping the same file, and fault back in (a minor fault, no disk read) when code touches them.
    /// A mapping that is writable or holds a private page is never touched (its changes would be lost), and only a
    /// mapping seen unchanged in two reads of <c>/proc/self/smaps</c> qualifies (not one an assembly load is still writing).
    /// </summary>
    Unmap,
}

/// <summary>
/// Resident pages an idle host keeps only because start-up touched them once (issue 13, memory; see
/// <see cref="StartupMemoryRelease"/>): glibc's free native heap and the clean file pages of the mapped
/// assemblies and native libraries. Linux only; elsewhere every call is a no-op.
/// </summary>
internal static class ResidentPages
{
    private const int MadvDontNeed = 4;
    private const int MadvPageOut = 21;

    /// <summary>One mapping of <c>/proc/self/smaps</c>: its range, permissions, path and private (anonymous) kB.</summary>
    internal readonly record struct Mapping(ulong Start, ulong End, string Permissions, string Path, long AnonymousKb)
    {
        /// <summary>A real file (not anonymous memory, the runtime's memfd double mapping or a deleted file).</summary>
        public bool IsFile => Path.StartsWith('/') && !Path.StartsWith("/memfd:", StringComparison.Ordinal)
            && !Path.EndsWith(" (deleted)", StringComparison.Ordinal);

        /// <summary>Safe to drop from the page tables: a read-only file mapping without a private page.</summary>
        public bool IsCleanReadOnlyFile => IsFile && Permissions.Length >= 2 && Permissions[1] != 'w' && AnonymousKb == 0;
    }

    /// <summary>What a release did, and the resident set (kB, from <c>/proc/self/status</c>) before and after it.</summary>
    internal readonly record struct Outcome(int Mappings, long MappedKb, Resident Before, Resident After, string? Error);

    /// <summary>VmRSS and its parts: private anonymous, file-backed and shared memory (the runtime's executable allocator), kB.</summary>
    internal readonly record struct Resident(long Rss, long Anon, long File, long Shmem)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Rss / 1024} MB (anon {Anon / 1024}, file {File / 1024}, shmem {Shmem / 1024})");
    }

    /// <summary>The process's resident set by kind; zeros where <c>/proc</c> is absent.</summary>
    public static Resident Read()
    {
        if (!OperatingSystem.IsLinux())
        {
            return default;
        }
        long rss = 0, anon = 0, file = 0, shmem = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line);
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Kb(line);
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal)) file = Kb(line);
            else if (line.StartsWith("RssShmem:", StringComparison.Ordinal)) shmem = Kb(line);
        }
        return new Resident(rss, anon, file, shmem);

        static long Kb(string line) =>
            long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The mappings of this process (<c>/proc/self/smaps</c>); empty where it is absent.</summary>
    public static IReadOnlyList<Mapping> ReadMappings() =>
        OperatingSystem.IsLinux() ? ParseSmaps(File.ReadLines("/proc/self/smaps")) : [];

    /// <summary>Parses smaps text: a header line per mapping (<c>start-end perms offset dev inode [path]</c>), then its fields.</summary>
    internal static IReadOnlyList<Mapping> ParseSmaps(IEnumerable<string> lines)
    {
        var mappings = new List<Mapping>();
        Mapping? current = null;
        foreach (var line in lines)
        {
            if (TryParseHeader(line, out var header))
            {
                if (current is { } done)
                {
                    mappings.Add(done);
                }
                current = header;
            }
            else if (current is { } mapping && line.StartsWith("Anonymous:", StringComparison.Ordinal))
            {
                var value = line.AsSpan("Anonymous:".Length).Trim().TrimEnd("kB").Trim();
                current = mapping with { AnonymousKb = long.Parse(value, CultureInfo.InvariantCulture) };
            }
        }
        if (current is { } last)
        {
            mappings.Add(last);
        }
        return mappings;
    }

    private static bool TryParseHeader(string line, out Mapping mapping)
    {
        mapping = default;
        // Field lines are "Name:   value kB"; a header starts with the hex range "start-end ".
        var dash = line.IndexOf('-');
        var space = line.IndexOf(' ');
        if (dash <= 0 || space <= dash
            || !ulong.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end))
        {
            return false;
        }
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        mapping = new Mapping(start, end, fields.Length > 1 ? fields[1] : "", fields.Length > 5 ? fields[5].Trim() : "", 0);
        return true;
    }

    /// <summary>
    /// Releases glibc's free native heap (<c>malloc_trim(0)</c>) and, as <paramref name="mode"/> says, the file pages
    /// (<see cref="FilePageRelease"/>). <paramref name="earlier"/> is a read of <see cref="ReadMappings"/> taken a while
    /// before: <see cref="FilePageRelease.Unmap"/> drops only mappings seen clean and unchanged in both reads.
    /// </summary>
    public static Outcome ReleaseFilePages(FilePageRelease mode, IReadOnlyList<Mapping> earlier)
    {
        if (!OperatingSystem.IsLinux())
        {
            return default;
        }
        var before = Read();
        TrimNativeHeap();
        if (mode == FilePageRelease.Off)
        {
            return new Outcome(0, 0, before, Read(), null);
        }

        var now = ReadMappings();
        string? error = null;
        var count = 0;
        long kb = 0;
        foreach (var mapping in now.Where(m => m.IsFile))
        {
            error ??= Advise(mapping, MadvPageOut);
        }
        if (mode == FilePageRelease.Unmap)
        {
            var stable = earlier.Where(m => m.IsCleanReadOnlyFile).ToHashSet();
            foreach (var mapping in now.Where(m => m.IsCleanReadOnlyFile && stable.Contains(m)))
            {
                if (Advise(mapping, MadvDontNeed) is { } failed)
                {
                    error ??= failed;
                    continue;
                }
                count++;
                kb += (long)(mapping.End - mapping.Start) / 1024;
            }
        }
        else
        {
            count = now.Count(m => m.IsFile);
            kb = now.Where(m => m.IsFile).Sum(m => (long)(m.End - m.Start) / 1024);
        }
        return new Outcome(count, kb, before, Read(), error);
    }

    private static string? Advise(Mapping mapping, int advice) =>
        madvise((nint)mapping.Start, (nuint)(mapping.End - mapping.Start), advice) == 0
            ? null
            : $"madvise({(advice == MadvPageOut ? "MADV_PAGEOUT" : "MADV_DONTNEED")}) on {mapping.Path}: errno {Marshal.GetLastPInvokeError()}";

    private static void TrimNativeHeap()
    {
        try
        {
            _ = malloc_trim(0);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): nothing to trim.
        }
    }

    // DllImport, not LibraryImport: both signatures are blittable, and LibraryImport's generated code needs unsafe blocks.
    [DllImport("libc", SetLastError = true)]
    private static extern int madvise(nint address, nuint length, int advice);

    [DllImport("libc")]
    private static extern int malloc_trim(nuint pad);
}
