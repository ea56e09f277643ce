#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The growing buffer of one numeric column's values while a CSV is read, and the array it
/// becomes at the end.
///
/// Memory: on Linux, buffers from 4 MiB on are anonymous mappings advised to use transparent
/// huge pages (`MADV_HUGEPAGE`), and so is the final array's storage. Writing a fresh 4 KiB
/// page costs a page fault, about 3 us on the cloud machines we measured: 0.13 s for the
/// 168 MB of numbers of a 1,000,000-row, 21-column file, more than a third of reading it,
/// where 2 MiB pages take 1/512 of the faults. Elsewhere, and for small buffers, ordinary
/// allocations. Reserved capacity that is never written costs address space only.
///
/// Appending is a raw store after a capacity check (no copy-on-write check in the per-cell
/// loop). Non-copyable: it owns its memory.
struct NumberBuffer: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Double>
    private(set) var capacity: Int
    private(set) var count = 0
    private var isMapped: Bool
    /// Numbers that follow `base[0..<count]`, moved in by ``append(moving:)`` (the second
    /// part of a file read in two parts) and copied next to them once, by ``takeArray()``.
    private var tail: UnsafeMutablePointer<Double>?
    private var tailCount = 0
    private var tailCapacity = 0
    private var tailIsMapped = false

    /// Buffers of at least this many bytes are mappings advised to use huge pages.
    private static let mappingMinimum = 4 << 20
    private static let hugePageSize = 2 << 20

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        (base, isMapped) = Self.allocate(self.capacity)
    }

    deinit {
        Self.deallocate(base, capacity: capacity, isMapped: isMapped)
        if let tail { Self.deallocate(tail, capacity: tailCapacity, isMapped: tailIsMapped) }
    }

    /// All the numbers (`count` plus the tail's).
    var totalCount: Int { count + tailCount }

    @inline(__always)
    mutating func append(_ value: Double) {
        if count == capacity { grow(toAtLeast: count + 1) }
        (base + count).initialize(to: value)
        count &+= 1
    }

    /// Room for `more` numbers after the stored ones: where the next one goes. Numbers written
    /// there are taken by ``commit(_:)``.
    mutating func reserve(_ more: Int) -> UnsafeMutablePointer<Double> {
        if count + more > capacity { grow(toAtLeast: count + more) }
        return base + count
    }

    /// Takes `more` numbers written after the stored ones (see ``reserve(_:)``).
    mutating func commit(_ more: Int) {
        precondition(count + more <= capacity, "\(more) numbers were not reserved")
        count += more
    }

    /// Replaces the number `back` places before the end of the stored ones.
    mutating func set(_ value: Double, back: Int) {
        precondition(back >= 1 && back <= count, "no number \(back) places back of \(count)")
        base[count - back] = value
    }

    /// Moves `later`'s numbers (without a tail of its own) after these, without copying them;
    /// `later` is left empty. Nothing may be appended afterwards.
    mutating func append(moving later: inout NumberBuffer) {
        precondition(tail == nil && later.tail == nil, "a buffer takes one tail")
        tail = later.base
        tailCount = later.count
        tailCapacity = later.capacity
        tailIsMapped = later.isMapped
        (later.base, later.isMapped) = Self.allocate(1)
        later.capacity = 1
        later.count = 0
    }

    /// The numbers as an array, copied once; the buffer is left empty.
    mutating func takeArray() -> [Double] {
        let total = totalCount
        let array = [Double](unsafeUninitializedCapacity: total) { buffer, initialized in
            if let start = buffer.baseAddress {
                Self.adviseHugePages(UnsafeMutableRawPointer(start), bytes: total * 8)
                start.initialize(from: base, count: count)
                if let tail { (start + count).initialize(from: tail, count: tailCount) }
            }
            initialized = total
        }
        removeAll()
        return array
    }

    /// Frees the numbers (the buffer is left empty).
    mutating func removeAll() {
        Self.deallocate(base, capacity: capacity, isMapped: isMapped)
        if let tail { Self.deallocate(tail, capacity: tailCapacity, isMapped: tailIsMapped) }
        tail = nil
        tailCount = 0
        (base, isMapped) = Self.allocate(1)
        capacity = 1
        count = 0
    }

    private mutating func grow(toAtLeast needed: Int) {
        precondition(tail == nil, "nothing is appended after a tail")
        let larger = max(needed, capacity * 2)
        let (start, mapped) = Self.allocate(larger)
        start.moveInitialize(from: base, count: count)
        Self.deallocate(base, capacity: capacity, isMapped: isMapped)
        (base, capacity, isMapped) = (start, larger, mapped)
    }

    private static func allocate(_ capacity: Int) -> (UnsafeMutablePointer<Double>, Bool) {
        #if os(Linux)
            let bytes = capacity * MemoryLayout<Double>.stride
            if bytes >= mappingMinimum,
                let mapping = mmap(
                    nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                mapping != MAP_FAILED
            {
                _ = madvise(mapping, bytes, MADV_HUGEPAGE)
                return (mapping.bindMemory(to: Double.self, capacity: capacity), true)
            }
        #endif
        return (.allocate(capacity: capacity), false)
    }

    private static func deallocate(
        _ start: UnsafeMutablePointer<Double>, capacity: Int, isMapped: Bool
    ) {
        if isMapped {
            munmap(UnsafeMutableRawPointer(start), capacity * MemoryLayout<Double>.stride)
        } else {
            start.deallocate()
        }
    }

    /// Advises huge pages for the whole 2 MiB pages inside `bytes` bytes from `start` (an
    /// array's storage about to be written), on Linux; advice only, so nothing else changes.
    private static func adviseHugePages(_ start: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
            guard bytes >= mappingMinimum else { return }
            let address = Int(bitPattern: start)
            let first = (address + hugePageSize - 1) & ~(hugePageSize - 1)
            let last = (address + bytes) & ~(hugePageSize - 1)
            if last > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) {
                _ = madvise(aligned, last - first, MADV_HUGEPAGE)
            }
        #endif
    }
}
