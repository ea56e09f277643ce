#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
