import Foundation
import TabregData
import TabregLinear
import TabregModel

extension TrainResult {
    /// The run's model with its preprocessing and provenance, ready to write as
    /// `model.safetensors`.
    ///
    /// The file records the settings that shape the model (not `threads`, which never changes
    /// the result, so runs that differ only in threads write identical files), the seed, the
    /// SHA-256 of the training data's bytes (the file as read from disk, or the embedded CSV),
    /// and the network's and baseline's metrics. Nothing in it depends on the clock, so the same
    /// data, settings and seed give a byte-identical file.
    ///
    /// - Throws: a file-system error when the data file can no longer be read for hashing.
    public func savedModel() throws -> SavedModel {
        let digest: String
        if let file = settings.dataFile {
            // Hashed in 1 MiB pieces: reading a large file whole would hold a second copy of
            // it (and the hasher a third) next to the run's data.
            var hasher = SHA256()
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
            defer { try? handle.close() }
            while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
                hasher.update(piece)
            }
            digest = hasher.finalize().map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
        } else {
            digest = SHA256.hexDigest(of: Data(BostonHousing.csv.utf8))
        }
        let provenance = SavedModel.Provenance(
            tabregVersion: TrainDocument.version,
            settings: modelSettingsJSON,
            seed: settings.seed,
            data: ModelDescription.DataFingerprint(
                source: data.source, sha256: digest, rows: data.fileRows),
            metrics: metricsJSON)
        return SavedModel(
            network: network, encoder: data.encoder, scaler: data.scaler,
            targetScaler: targetScaler, targetName: data.targetName, provenance: provenance)
    }

    /// Settings with the `--json` document's keys, plus the split sizes.
    var modelSettingsJSON: JSONValue {
        let s = settings
        return .object([
            JSONMember("hidden", .array(s.hidden.map(JSONValue.integer))),
            JSONMember("activation", .string(s.activation.rawValue)),
            JSONMember("negative_slope", .double(s.negativeSlope)),
            JSONMember("optimizer", .string(s.optimizer.rawValue)),
            JSONMember("lr", .double(s.learningRate)),
            JSONMember("weight_decay", .double(s.effectiveWeightDecay)),
            JSONMember("momentum", .double(s.momentum)),
            JSONMember("batch_size", .integer(s.batchSize)),
            JSONMember("epochs", .integer(s.epochs)),
            JSONMember("seed", .number(String(s.seed))),
            JSONMember("scale", .string(s.scale.rawValue)),
            JSONMember("scale_target", .bool(s.scaleTarget)),
            JSONMember("test_fraction", .double(s.testFraction)),
            JSONMember("early_stopping", s.earlyStoppingPatience.map(JSONValue.integer) ?? .null),
            JSONMember("validation_fraction", .double(s.effectiveValidationFraction)),
            JSONMember("lr_schedule", .string(s.learningRateSchedule.rawValue)),
            JSONMember("lr_step_size", .integer(s.effectiveStepSize)),
            JSONMember("lr_gamma", .double(s.learningRateGamma)),
            JSONMember("dropout", .double(s.dropout)),
            JSONMember("clip_norm", s.clipNorm.map(JSONValue.double) ?? .null),
            JSONMember("missing", .string(s.missing.rawValue)),
            JSONMember("train_rows", .integer(data.split.trainingRows.count)),
            JSONMember("test_rows", .integer(data.split.testRows.count)),
        ])
    }

    /// `{"network": {"train": {...}, "test": {...}}, "baseline": {"method": "ols", ...}}`.
    var metricsJSON: JSONValue {
        func metrics(_ values: RegressionMetrics) -> JSONValue {
            .object([
                JSONMember("mse", .double(values.mse)), JSONMember("rmse", .double(values.rmse)),
                JSONMember("mae", .double(values.mae)), JSONMember("r2", .double(values.r2)),
            ])
        }
        func split(_ values: SplitMetrics, method: String?) -> JSONValue {
            var members: [JSONMember] = []
            if let method { members.append(JSONMember("method", .string(method))) }
            members.append(JSONMember("train", metrics(values.train)))
            if let test = values.test { members.append(JSONMember("test", metrics(test))) }
            return .object(members)
        }
        return .object([
            JSONMember("network", split(networkMetrics, method: nil)),
            JSONMember("baseline", split(baselineMetrics, method: "ols")),
        ])
    }
}
