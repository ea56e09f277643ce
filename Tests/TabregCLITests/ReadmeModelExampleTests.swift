import Foundation
import Tabreg
import Testing

/// The README's "Models you keep" Swift example, compiled and run as printed there.
@Test func readmeModelExampleSavesLoadsPredictsAndExports() throws {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("tabreg-readme-model-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try BostonHousing.csv.write(
        to: folder.appendingPathComponent("new.csv"), atomically: true, encoding: .utf8)
    var settings = TrainSettings()  // the tutorial's defaults
    settings.epochs = 2  // (300 in the README)

    // --- README: models you keep ---
    let result = try TrainJob(settings: settings).run()
    let model = try result.savedModel()
    let file = folder.appendingPathComponent("model.safetensors")
    try model.write(to: file)  // atomic
    let loaded = try SavedModel(contentsOf: file)
    let rows = try CSVReader.read(contentsOf: folder.appendingPathComponent("new.csv"))
    let predictions = try loaded.predict(rows)  // [Double], target units
    let onnx = loaded.onnxBytes()  // a .onnx file's bytes
    // --- end ---

    #expect(predictions.count == 506)
    let trainingRows = result.data.split.trainingRows.map { predictions[$0] }
    #expect(trainingRows.map(\.bitPattern) == result.networkTrainingPredictions.map(\.bitPattern))
    #expect(onnx.count > 1000)
}
