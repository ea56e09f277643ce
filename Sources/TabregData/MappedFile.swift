#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only memory mapping of a whole file whose already-read pages can be handed back to
/// the system, so that reading a large CSV front to back does not keep the whole file resident.
///
/// Pages given back with ``PageRelease`` stay readable: touching them again reads them from
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
