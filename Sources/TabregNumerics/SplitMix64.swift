/// A seeded 64-bit pseudo-random generator: SplitMix64 (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014; constants as in Vigna's reference C code,
/// https://prng.di.unimi.it/splitmix64.c).
///
/// tabreg owns its generator and every derived draw (uniform floats, bounded integers, shuffles)
/// so that a seed gives the same numbers with every Swift toolchain: the standard library's
/// `shuffle(using:)` and `random(in:using:)` are not specified to stay stable.
///
/// The generator is a value type: copy it to fork a stream, pass it `inout` to draw from it.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The internal state; advances by the golden-ratio increment on every draw.
    public private(set) var state: UInt64

    /// Creates a generator whose stream is fully determined by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1): the top 53 bits of the next draw, times 2^-53.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform float in [0, 1): the top 24 bits of the next draw, times 2^-24.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1.0p-24
    }

    /// A uniform float in [`lowerBound`, `upperBound`): `lowerBound + u * (upperBound - lowerBound)`
    /// with `u` from ``nextUnitFloat()``, computed in float32 (the result can round up to
    /// `upperBound` only when the interval is tiny, as in PyTorch's `uniform_`).
    public mutating func nextFloat(from lowerBound: Float, to upperBound: Float) -> Float {
        lowerBound + nextUnitFloat() * (upperBound - lowerBound)
    }

    /// A uniform integer in `0..<bound`, without modulo bias (Lemire's multiply-shift with
    /// rejection, https://arxiv.org/abs/1805.10941).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound, got \(bound)")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Shuffles `elements` in place with the Fisher-Yates algorithm, drawing
    /// ``nextInt(below:)`` for positions from the last down to the second.
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        var index = elements.count - 1
        while index > 0 {
            let other = nextInt(below: index + 1)
            elements.swapAt(index, other)
            index -= 1
        }
    }

    /// A random permutation of `0..<count`.
    public mutating func permutation(count: Int) -> [Int] {
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }
}
