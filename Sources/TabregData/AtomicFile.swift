import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file that could not be written, with the path and the operating system's reason.
public struct FileWriteError: Error, Sendable, CustomStringConvertible {
    /// The file (or the folder that could not be made).
    public var path: String
    /// Why, in the operating system's words.
    public var reason: String

    public var description: String { "cannot write \(path): \(reason)." }
}

/// Writes a file whole or not at all: the bytes go to a temporary file in the same folder,
/// which is then renamed over the destination (rename(2) is atomic on POSIX file systems), so a
/// reader sees the old file or the new one, never a part.
public enum AtomicFile {
    /// Writes `data` to `url`, making its folder if needed.
    ///
    /// - Throws: ``FileWriteError`` naming the path; the destination is then untouched.
    public static func write(_ data: Data, to url: URL) throws(FileWriteError) {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: folder.path, reason: reason(error))
        }
        let temporary = folder.appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileWriteError(path: url.path, reason: reason(error))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let message = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw FileWriteError(path: url.path, reason: message)
        }
    }

    /// The innermost POSIX reason of a Foundation error when there is one, else its description.
    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(nsError.code)))
        }
        return nsError.localizedDescription
    }
}
