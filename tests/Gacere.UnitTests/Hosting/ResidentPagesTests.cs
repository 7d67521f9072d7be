using System.Text.Json;
using Gacere.ServiceDefaults;

namespace Gacere.UnitTests.Hosting;

/// <summary>The release of the pages start-up touched once (issue 13, memory), on this very process (Linux, as the platform).</summary>
public sealed class ResidentPagesTests
{
    private const string Smaps = """
        55d0a0000000-55d0a0001000 r--p 00000000 08:01 123 /usr/share/dotnet/dotnet
        Size:                  4 kB
        Anonymous:             0 kB
        7f0000000000-7f0000100000 r-xp 00001000 08:01 456 /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libcoreclr.so
        Rss:                 900 kB
        Anonymous:             0 kB
        7f0000100000-7f0000110000 r--p 00101000 08:01 456 /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libcoreclr.so
        Anonymous:            64 kB
        7f0000110000-7f0000120000 rw-p 00111000 08:01 456 /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libcoreclr.so
        Anonymous:             0 kB
        7f0000200000-7f0000300000 r-xs 00000000 00:01 789 /memfd:doublemapper (deleted)
        Anonymous:             0 kB
        7f0000300000-7f0000400000 rw-p 00000000 00:00 0
        Anonymous:          1024 kB
        7f0000400000-7f0000500000 r--p 00000000 08:01 999 /app/Old.dll (deleted)
        Anonymous:             0 kB
        7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]
        Anonymous:           132 kB
        """;

    [Fact]
    public void Only_read_only_file_mappings_without_a_private_page_count_as_clean()
    {
        var mappings = ResidentPages.ParseSmaps(Smaps.Split('\n'));

        Assert.Equal(8, mappings.Count);
        Assert.Equal(
            ["/usr/share/dotnet/dotnet", "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libcoreclr.so"],
            mappings.Where(m => m.IsCleanReadOnlyFile).Select(m => m.Path).Distinct());
        var code = mappings[1];
        Assert.Equal((0x7f0000000000UL, 0x7f0000100000UL, "r-xp"), (code.Start, code.End, code.Permissions));
        // Relocated (copy-on-write) pages, a writable mapping, the runtime's memfd, anonymous memory, a deleted file: never.
        Assert.Equal(64, mappings[2].AnonymousKb);
        Assert.False(mappings[2].IsCleanReadOnlyFile);
        Assert.False(mappings[3].IsCleanReadOnlyFile);
        Assert.True(mappings[3].IsFile);
        Assert.False(mappings[4].IsFile);
        Assert.False(mappings[5].IsFile);
        Assert.False(mappings[6].IsFile);
        Assert.False(mappings[7].IsFile);
    }

    [Fact]
    public void Unmapping_drops_clean_file_pages_from_the_resident_set_and_the_code_on_them_still_runs()
    {
        var earlier = ResidentPages.ReadMappings();
        Assert.Contains(earlier, m => m.IsCleanReadOnlyFile && m.Path.EndsWith("System.Private.CoreLib.dll", StringComparison.Ordinal));
        var json = JsonSerializer.Serialize(new { Name = "before", Values = new[] { 1, 2, 3 } });

        var outcome = ResidentPages.ReleaseFilePages(FilePageRelease.Unmap, earlier);

        Assert.Null(outcome.Error);
        Assert.True(outcome.Mappings > 0);
        Assert.True(outcome.After.File < outcome.Before.File,
            $"file-backed resident pages should drop: {outcome.Before} -> {outcome.After}");
        // The pages fault back from the page cache: the same code and data work as before.
        Assert.Equal(json, JsonSerializer.Serialize(new { Name = "before", Values = new[] { 1, 2, 3 } }));
    }

    [Fact]
    public void Paging_out_is_accepted_by_the_kernel_and_leaves_the_process_working()
    {
        var outcome = ResidentPages.ReleaseFilePages(FilePageRelease.PageOut, []);

        // What it reclaims depends on what else maps the same files (shared pages are left): here only that it is accepted.
        Assert.Null(outcome.Error);
        Assert.True(outcome.Mappings > 0);
        Assert.True(outcome.After.Rss > 0);
    }

    [Fact]
    public void Off_releases_no_file_mapping()
    {
        var outcome = ResidentPages.ReleaseFilePages(FilePageRelease.Off, []);

        Assert.Equal(0, outcome.Mappings);
        Assert.Null(outcome.Error);
        Assert.True(outcome.Before.Rss > 0);
    }
}
