#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only memory mapping of a whole file whose already-read pages can be handed back to
/// the system, so that reading a large CSV front to back does not keep the whole file resident.
///
/// Pages given back with ``release(upTo:)`` stay readable: touching them again reads them from
/// the file (the second pass of ``CSVParser`` does that for the rows it re-reads). Non-copyable:
/// it owns the mapping and unmaps it when it goes away.
struct MappedFile: ~Copyable {
    /// The first byte of the file (nil for an empty file).
    let base: UnsafePointer<UInt8>?
    /// The file's size in bytes.
    let count: Int

    /// Maps the file at `path`, or returns nil when it cannot be mapped (a pipe, a special file,
    /// a system without `mmap` for it); the caller then reads it another way.
    init?(path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            return nil
        }
        let size = Int(status.st_size)
        var start: UnsafePointer<UInt8>? = nil
        if size > 0 {
            guard let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
                mapping != MAP_FAILED
            else { return nil }
            _ = madvise(mapping, size, MADV_SEQUENTIAL)
            start = UnsafePointer(mapping.assumingMemoryBound(to: UInt8.self))
        }
        base = start
        count = size
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }
}

/// Hands the pages of a ``MappedFile`` that a reader has passed back to the system (see
/// ``MappedFile``); does nothing for bytes that are not a mapping of a file.
struct PageRelease {
    /// The mapping's first byte, or nil to release nothing.
    private let base: UnsafePointer<UInt8>?
    private let count: Int
    /// Offset below which pages have been given back.
    private var released = 0
    /// Bytes read since the last call to `madvise`: releasing in steps of this many keeps the
    /// system calls rare.
    private static let step = 8 << 20
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Releases nothing.
    static var none: PageRelease { PageRelease(base: nil, count: 0) }

    /// Releases pages of `base[0..<count]`, starting with the page that holds `start`.
    init(base: UnsafePointer<UInt8>?, count: Int, start: Int = 0) {
        self.base = base
        self.count = count
        released = start / Self.pageSize * Self.pageSize
    }

    /// Whether pages are released at all.
    var isActive: Bool { base != nil }

    /// The same mapping, releasing from the page that holds `start` (for a part read on
    /// another thread).
    func part(from start: Int) -> PageRelease {
        PageRelease(base: base, count: count, start: start)
    }

    /// Gives back the whole pages below `offset` once at least 8 MiB of them are pending.
    /// Their content is unchanged; reading them again costs a read from the file.
    @inline(__always)
    mutating func release(upTo offset: Int) {
        if base != nil && offset - released >= Self.step { releaseNow(upTo: offset) }
    }

    mutating func releaseNow(upTo offset: Int) {
        guard let base else { return }
        let end = min(offset, count) / Self.pageSize * Self.pageSize
        guard end > released else { return }
        _ = madvise(
            UnsafeMutableRawPointer(mutating: base + released), end - released, MADV_DONTNEED)
        released = end
    }

    /// Lets pages from `offset` on be given back again, for a second pass that starts there.
    mutating func rewind(to offset: Int) {
        released = min(released, offset / Self.pageSize * Self.pageSize)
    }
}
