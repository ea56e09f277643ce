#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the learning rate changes from epoch to epoch, stepped once after every epoch as
/// PyTorch's `lr_scheduler` classes are in the usual `for epoch: train(); scheduler.step()` loop.
///
/// Learning rates are kept in float64, as PyTorch keeps them in Python floats, and follow
/// PyTorch's recursive update formulas (not the closed forms), so they agree with PyTorch's
/// to the last bit or nearly so.
public enum LearningRateSchedule: Sendable, Equatable {
    /// The base learning rate throughout.
    case constant
    /// `CosineAnnealingLR(T_max: periodEpochs, eta_min: minimum)`: after epoch t the rate is
    /// `minimum + (base - minimum) * (1 + cos(pi * t / periodEpochs)) / 2`, by PyTorch's
    /// recursion. tabreg uses `periodEpochs` = the number of epochs and `minimum` 0.
    case cosine(periodEpochs: Int, minimum: Double = 0)
    /// `StepLR(step_size: stepSize, gamma: gamma)`: multiplied by `gamma` after every
    /// `stepSize` epochs.
    case step(stepSize: Int, gamma: Double)
    /// `ReduceLROnPlateau(mode="min", factor, patience, threshold, threshold_mode="rel",
    /// cooldown=0, min_lr=0, eps=1e-8)`: multiplied by `factor` once the monitored value has
    /// not improved on its best by the relative `threshold` for more than `patience` epochs.
    /// PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4.
    case plateau(factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4)
}

/// The running state of a ``LearningRateSchedule``.
public struct LearningRateScheduler: Sendable {
    public let schedule: LearningRateSchedule
    /// The learning rate the schedule started from.
    public let baseRate: Double
    /// The learning rate for the next epoch.
    public private(set) var rate: Double
    /// Epochs stepped so far (PyTorch's `last_epoch`).
    public private(set) var epoch = 0
    private var best = Double.infinity
    private var badEpochs = 0

    public init(_ schedule: LearningRateSchedule, baseRate: Double) {
        switch schedule {
        case .constant: break
        case .cosine(let period, let minimum):
            precondition(
                period > 0 && minimum >= 0,
                "invalid cosine schedule: T_max \(period), minimum \(minimum)")
        case .step(let size, let gamma):
            precondition(
                size > 0 && gamma > 0, "invalid step schedule: step size \(size), gamma \(gamma)")
        case .plateau(let factor, let patience, let threshold):
            precondition(
                factor > 0 && factor < 1 && patience >= 0 && threshold >= 0,
                "invalid plateau schedule: factor \(factor), patience \(patience), threshold \(threshold)"
            )
        }
        self.schedule = schedule
        self.baseRate = baseRate
        self.rate = baseRate
    }

    /// Ends an epoch and returns the learning rate for the next one. `monitored` is the value
    /// ``LearningRateSchedule/plateau(factor:patience:threshold:)`` watches (lower is better);
    /// the other schedules ignore it.
    @discardableResult
    public mutating func step(monitored: Double) -> Double {
        epoch += 1
        switch schedule {
        case .constant:
            break
        case .cosine(let period, let minimum):
            let t = Double(epoch)
            let tMax = Double(period)
            if (epoch - 1 - period) % (2 * period) == 0 {
                rate += (baseRate - minimum) * (1 - cos(Double.pi / tMax)) / 2
            } else {
                rate =
                    (1 + cos(Double.pi * t / tMax)) / (1 + cos(Double.pi * (t - 1) / tMax))
                    * (rate - minimum) + minimum
            }
        case .step(let size, let gamma):
            if epoch % size == 0 { rate *= gamma }
        case .plateau(let factor, let patience, let threshold):
            if monitored < best * (1 - threshold) {
                best = monitored
                badEpochs = 0
            } else {
                badEpochs += 1
            }
            if badEpochs > patience {
                let reduced = max(rate * factor, 0)
                if rate - reduced > 1e-8 { rate = reduced }
                badEpochs = 0
            }
        }
        return rate
    }
}
