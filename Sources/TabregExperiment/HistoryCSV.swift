import Foundation
import TabregNetwork

/// `history.csv`: one row per epoch, `epoch,loss,train_mse[,test_mse][,validation_mse],seconds`,
/// numbers in Swift's shortest round-trip form (locale-independent).
public enum HistoryCSV {
    public static func text(_ history: TrainingHistory) -> String {
        let hasTest = history.epochs.contains { $0.testMSE != nil }
        let hasValidation = history.epochs.contains { $0.validationMSE != nil }
        var header = ["epoch", "loss", "train_mse"]
        if hasTest { header.append("test_mse") }
        if hasValidation { header.append("validation_mse") }
        header.append("seconds")
        var lines = [header.joined(separator: ",")]
        for record in history.epochs {
            var fields = ["\(record.epoch)", "\(record.loss)", "\(record.trainMSE)"]
            if hasTest { fields.append(record.testMSE.map { "\($0)" } ?? "") }
            if hasValidation { fields.append(record.validationMSE.map { "\($0)" } ?? "") }
            fields.append("\(record.seconds)")
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
