import ArgumentParser
import Foundation
import TabregData
import TabregExperiment

/// Which data to use: the file, the target, and the feature columns.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "CSV file to train on (default: the embedded Boston housing data).")
    var data: String?

    @Option(name: .long, help: "Target column (default: medv for the embedded data; required otherwise).")
    var target: String?

    @Option(name: .long, help: "Feature columns, comma-separated (default: every column but the target and --drop).")
    var features: String?

    @Option(name: .long, help: "Columns to leave out, comma-separated.")
    var drop: String?

    @OptionGroup var reading: ReadingOptions

    @Option(
        name: .long,
        help: "Missing values: impute (features imputed, rows without a target dropped) or error.")
    var missing: MissingValuePolicy = .impute

    func apply(to settings: inout TrainSettings) {
        settings.dataFile = data
        settings.target = target
        settings.features = features.map(Self.list)
        settings.drop = drop.map(Self.list) ?? []
        settings.delimiter = reading.delimiterByte
        settings.categorical = reading.categorical.map(Self.list) ?? []
        settings.missing = missing
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// How to read the CSV: shared by `train` and `describe`.
struct ReadingOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Field delimiter: one character, or tab, comma, semicolon, pipe (default: detected).")
    var delimiter: String?

    @Option(
        name: .long,
        help: "Numeric columns to treat as categories (one-hot encoded), comma-separated.")
    var categorical: String?

    var delimiterByte: UInt8? { delimiter.flatMap(CSVDialect.delimiter(named:)) }

    func validate() throws {
        if let delimiter, CSVDialect.delimiter(named: delimiter) == nil {
            throw ValidationError(
                "--delimiter must be one punctuation character or tab, comma, semicolon, pipe; "
                    + "got '\(delimiter)'.")
        }
    }
}

extension MissingValuePolicy: ExpressibleByArgument {}
extension ActivationKind: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}
extension Scaling: ExpressibleByArgument {}
extension ScheduleKind: ExpressibleByArgument {}

/// The network, the optimizer and the training loop.
struct TrainingOptions: ParsableArguments {
    @Option(name: .long, help: "Hidden layer widths, comma-separated.")
    var hidden: String = "200,100"

    @Option(name: .long, help: "Activation after each hidden layer: \(ActivationKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var activation: ActivationKind = .leakyReLU

    @Option(name: .customLong("negative-slope"), help: "Leaky ReLU slope for negative inputs (default 0.01; leaky-relu only).")
    var negativeSlope: Double?

    @Option(name: .long, help: "Optimizer: adam, adamw or sgd.")
    var optimizer: OptimizerKind = .adam

    @Option(name: .long, help: "Learning rate.")
    var lr: Double = 0.001

    @Option(name: .customLong("weight-decay"), help: "Weight decay: L2 for adam and sgd, decoupled for adamw (default 0; 0.01 for adamw).")
    var weightDecay: Double?

    @Option(name: .long, help: "Momentum for sgd (default 0.9; sgd only).")
    var momentum: Double?

    @Option(name: .customLong("batch-size"), help: "Rows per mini-batch.")
    var batchSize: Int = 50

    @Option(name: .long, help: "Passes over the training rows.")
    var epochs: Int = 300

    @Option(name: .long, help: "Random seed for the split, the initial weights and the batch order.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Feature scaling, fitted on training rows: standard, minmax or none.")
    var scale: Scaling = .standard

    @Flag(name: .customLong("scale-target"), help: "Standardize the target while training (predictions are mapped back).")
    var scaleTarget = false

    @Option(name: .customLong("test-fraction"), help: "Fraction of rows held out for testing (default 0.2; 0 trains on everything, as the tutorial). Not for compare, whose folds are the test sets.")
    var testFraction: Double?

    @Option(
        name: .long,
        help: "Worker threads (default: the cores available). Large work uses them: matrix products of at least 2^21 multiply-adds, Adam steps over at least 2^18 parameters, full-data passes over more than 1024 rows; smaller work runs on one thread. Results are identical for any value.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("early-stopping"), help: ArgumentHelp("Stop after PATIENCE epochs without a lower validation MSE; the model keeps its best epoch's weights either way.", valueName: "patience"))
    var earlyStopping: Int?

    @Option(name: .customLong("validation-fraction"), help: "Fraction of the training rows held out (seeded) to validate on (default 0.1 with --early-stopping, else none).")
    var validationFraction: Double?

    @Option(name: .customLong("lr-schedule"), help: "Learning-rate schedule, stepped per epoch as PyTorch's: constant, cosine (CosineAnnealingLR to 0 over the epochs), step (StepLR), plateau (ReduceLROnPlateau on the validation MSE, else the training loss; factor 0.1, patience 10).")
    var lrSchedule: ScheduleKind = .constant

    @Option(name: .customLong("lr-step-size"), help: "Epochs between drops of the step schedule (default epochs/3).")
    var lrStepSize: Int?

    @Option(name: .customLong("lr-gamma"), help: "Factor of each drop of the step schedule (default 0.1).")
    var lrGamma: Double?

    @Option(name: .long, help: "Dropout probability after each hidden activation while training (default 0).")
    var dropout: Double = 0

    @Option(name: .customLong("clip-norm"), help: "Clip each step's gradients to this global L2 norm (PyTorch's clip_grad_norm_).")
    var clipNorm: Double?

    func validate() throws {
        guard parsedHidden != nil else {
            throw ValidationError("--hidden must be positive integers separated by commas, got '\(hidden)'.")
        }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be positive, got \(lr).") }
        guard (weightDecay ?? 0) >= 0 else { throw ValidationError("--weight-decay must be >= 0.") }
        if let momentum {
            guard optimizer == .sgd else { throw ValidationError("--momentum applies only to --optimizer sgd.") }
            guard momentum >= 0, momentum < 1 else { throw ValidationError("--momentum must be in [0, 1), got \(momentum).") }
        }
        if let negativeSlope {
            guard activation == .leakyReLU else {
                throw ValidationError("--negative-slope applies only to --activation leaky-relu.")
            }
            guard negativeSlope.isFinite else { throw ValidationError("--negative-slope must be finite.") }
        }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize).") }
        guard epochs > 0 else { throw ValidationError("--epochs must be positive, got \(epochs).") }
        if let testFraction, !(testFraction >= 0 && testFraction < 1) {
            throw ValidationError("--test-fraction must be in [0, 1), got \(testFraction).")
        }
        guard threads > 0 else { throw ValidationError("--threads must be positive, got \(threads).") }
        if let earlyStopping, earlyStopping < 1 {
            throw ValidationError("--early-stopping needs a patience of at least 1 epoch, got \(earlyStopping).")
        }
        if let validationFraction, !(validationFraction > 0 && validationFraction < 1) {
            throw ValidationError("--validation-fraction must be in (0, 1), got \(validationFraction).")
        }
        if lrSchedule != .step, lrStepSize != nil || lrGamma != nil {
            throw ValidationError("--lr-step-size and --lr-gamma apply only to --lr-schedule step.")
        }
        if let lrStepSize, lrStepSize < 1 {
            throw ValidationError("--lr-step-size must be positive, got \(lrStepSize).")
        }
        if let lrGamma, !(lrGamma > 0 && lrGamma.isFinite) {
            throw ValidationError("--lr-gamma must be positive, got \(lrGamma).")
        }
        guard dropout >= 0, dropout < 1 else {
            throw ValidationError("--dropout must be in [0, 1), got \(dropout).")
        }
        if let clipNorm, !(clipNorm > 0 && clipNorm.isFinite) {
            throw ValidationError("--clip-norm must be positive, got \(clipNorm).")
        }
    }

    var parsedHidden: [Int]? {
        let parts = hidden.split(separator: ",", omittingEmptySubsequences: false)
            .map { Int($0.trimmingCharacters(in: .whitespaces)) }
        if hidden.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
        guard parts.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return parts.map { $0! }
    }

    func apply(to settings: inout TrainSettings) {
        settings.hidden = parsedHidden ?? []
        settings.activation = activation
        settings.negativeSlope = negativeSlope ?? 0.01
        settings.optimizer = optimizer
        settings.learningRate = lr
        settings.weightDecay = weightDecay
        settings.momentum = momentum ?? 0.9
        settings.batchSize = batchSize
        settings.epochs = epochs
        settings.seed = seed
        settings.scale = scale
        settings.scaleTarget = scaleTarget
        settings.testFraction = testFraction ?? 0.2
        settings.threads = threads
        settings.earlyStoppingPatience = earlyStopping
        settings.validationFraction = validationFraction
        settings.learningRateSchedule = lrSchedule
        settings.learningRateStepSize = lrStepSize
        settings.learningRateGamma = lrGamma ?? 0.1
        settings.dropout = dropout
        settings.clipNorm = clipNorm
    }
}

/// Where results go and how much is shown.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Folder for the run's files.")
    var output: String = "tabreg-output"

    @Flag(name: .long, help: "Print one JSON document on stdout instead of the table.")
    var json = false

    @Flag(name: .long, help: "Show no progress.")
    var quiet = false

    @Option(name: .customLong("log-every"), help: "When not on a terminal, print a progress line every N epochs.")
    var logEvery: Int = 1

    func validate() throws {
        guard logEvery > 0 else { throw ValidationError("--log-every must be positive, got \(logEvery).") }
    }
}
