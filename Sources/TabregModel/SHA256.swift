import CTabregKernels

/// SHA-256 (FIPS 180-4), used to fingerprint the training data stored in a model file.
///
/// Written here because Foundation on Linux has no hash functions (CryptoKit is Apple-only and
/// swift-crypto is not a dependency). Blocks are compressed with the x86 SHA extensions where
/// the machine has them (`tabreg_sha256_compress`, C), else by the rounds below in Swift
/// (about 6 cycles per byte). Tested against the FIPS 180 example vectors, both ways.
public struct SHA256: Sendable {
    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
        0x5be0_cd19,
    ]
    private var pending: [UInt8] = []
    private var totalLength: UInt64 = 0
    /// Whether blocks go to `tabreg_sha256_compress` (the x86 SHA extensions) where the
    /// machine has them; false for tests of the Swift rounds.
    let usesHardware: Bool

    public init() {
        usesHardware = true
    }

    init(usesHardware: Bool) {
        self.usesHardware = usesHardware
    }

    /// The hex digest (64 lowercase characters) of `bytes`.
    public static func hexDigest<Bytes: Sequence>(of bytes: Bytes) -> String
    where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Feeds more message bytes.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let message = Array(bytes)
        totalLength &+= UInt64(message.count)
        var index = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, message.count)
            pending.append(contentsOf: message[0..<take])
            index = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: 1) }
            pending.removeAll(keepingCapacity: true)
        }
        let blocks = (message.count - index) / 64
        if blocks > 0 {
            message.withUnsafeBytes { compress(blocks: $0.baseAddress! + index, count: blocks) }
            index += blocks * 64
        }
        pending.append(contentsOf: message[index...])
    }

    /// The 32-byte digest; pads the message as FIPS 180-4 section 5.1.1 says.
    public mutating func finalize() -> [UInt8] {
        let bitLength = totalLength &* 8
        pending.append(0x80)
        if pending.count > 56 {
            pending.append(contentsOf: repeatElement(0, count: 64 - pending.count))
            pending.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: 1) }
            pending.removeAll(keepingCapacity: true)
        }
        pending.append(contentsOf: repeatElement(0, count: 56 - pending.count))
        for shift in stride(from: 56, through: 0, by: -8) {
            pending.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        pending.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: 1) }
        pending.removeAll()
        var digest: [UInt8] = []
        for word in state {
            for shift in stride(from: 24, through: 0, by: -8) {
                digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
            }
        }
        return digest
    }

    /// Processes `count` 64-byte blocks from `start` (FIPS 180-4 section 6.2.2).
    ///
    /// The schedule lives in one stack buffer and the working variables in registers: a
    /// 200 MB training file took 1.3 s to hash with a heap-allocated schedule per block and
    /// array-slice reads, as long as reading it.
    private mutating func compress(blocks start: UnsafeRawPointer, count: Int) {
        if usesHardware
            && state.withUnsafeMutableBufferPointer({
                tabreg_sha256_compress(
                    $0.baseAddress, start.assumingMemoryBound(to: UInt8.self), count) != 0
            })
        {
            return
        }
        @inline(__always) func rotateRight(_ value: UInt32, _ count: UInt32) -> UInt32 {
            (value &>> count) | (value &<< (32 &- count))
        }
        var (h0, h1, h2, h3, h4, h5, h6, h7) =
            (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        let constants = UnsafeBufferPointer(start: tabreg_sha256_round_constants(), count: 64)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            for block in 0..<count {
                let bytes = start + block * 64
                for index in 0..<16 {
                    schedule[index] = UInt32(
                        bigEndian: bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
                }
                for index in 16..<64 {
                    let word15 = schedule[index - 15]
                    let word2 = schedule[index - 2]
                    let sigma0 = rotateRight(word15, 7) ^ rotateRight(word15, 18) ^ (word15 &>> 3)
                    let sigma1 = rotateRight(word2, 17) ^ rotateRight(word2, 19) ^ (word2 &>> 10)
                    schedule[index] =
                        schedule[index - 16] &+ sigma0 &+ schedule[index - 7] &+ sigma1
                }
                var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
                for index in 0..<64 {
                    let sum1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
                    let choice = (e & f) ^ (~e & g)
                    let temporary1 = h &+ sum1 &+ choice &+ constants[index] &+ schedule[index]
                    let sum0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let temporary2 = sum0 &+ majority
                    (h, g, f, e, d, c, b, a) = (
                        g, f, e, d &+ temporary1, c, b, a, temporary1 &+ temporary2
                    )
                }
                h0 &+= a
                h1 &+= b
                h2 &+= c
                h3 &+= d
                h4 &+= e
                h5 &+= f
                h6 &+= g
                h7 &+= h
            }
        }
        state = [h0, h1, h2, h3, h4, h5, h6, h7]
    }
}
