#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Student's t distribution: its distribution function and quantiles, in float64.
///
/// The distribution function uses the regularized incomplete beta function,
/// `P(T <= t) = 1 - I_{df / (df + t^2)}(df / 2, 1 / 2) / 2` for `t >= 0`, evaluated by the
/// continued fraction of Numerical Recipes (section 6.4, modified Lentz); quantiles invert it by
/// bisection to full double precision. Accurate to about 1e-12 relative for 1 to 10^6 degrees
/// of freedom (checked in the tests against printed tables).
public enum StudentT {
    /// `P(T <= t)` for `degreesOfFreedom > 0`.
    public static func distribution(_ t: Double, degreesOfFreedom: Double) -> Double {
        precondition(
            degreesOfFreedom > 0,
            "Student t needs positive degrees of freedom, got \(degreesOfFreedom)")
        let tail =
            0.5
            * regularizedIncompleteBeta(
                degreesOfFreedom / (degreesOfFreedom + t * t), a: degreesOfFreedom / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The `probability` quantile, `t` with `P(T <= t) = probability`, for probability in (0, 1).
    public static func quantile(_ probability: Double, degreesOfFreedom: Double) -> Double {
        precondition(
            probability > 0 && probability < 1,
            "quantile needs a probability in (0, 1), got \(probability)")
        if probability < 0.5 {
            return -quantile(1 - probability, degreesOfFreedom: degreesOfFreedom)
        }
        var low = 0.0
        var high = 1.0
        while distribution(high, degreesOfFreedom: degreesOfFreedom) < probability { high *= 2 }
        for _ in 0..<200 {
            let middle = 0.5 * (low + high)
            if middle == low || middle == high { break }
            if distribution(middle, degreesOfFreedom: degreesOfFreedom) < probability {
                low = middle
            } else {
                high = middle
            }
        }
        return 0.5 * (low + high)
    }

    /// `I_x(a, b)`, the regularized incomplete beta function, for x in [0, 1].
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x)
        let front = exp(logFront)
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry
        // I_x(a, b) = 1 - I_{1-x}(b, a) otherwise.
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return result
    }
}
