import Foundation
import TabregData
import TabregModel
import Testing

/// `tabreg train`, `predict` and `export` run as a user runs them: the built executable.
@Suite(.serialized) struct ModelCommandsTests {
    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static func run(_ arguments: [String], in folder: URL) throws -> Run {
        let result = try TabregProcess.run(arguments, in: folder)
        return Run(
            status: result.status, standardOutput: result.standardOutput,
            standardError: result.standardError)
    }

    /// A temporary folder with a trained model in `run/` and the Boston rows in `boston.csv`.
    static func trainedFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabreg-cli-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try BostonHousing.csv.write(
            to: folder.appendingPathComponent("boston.csv"), atomically: true, encoding: .utf8)
        let train = try run(
            [
                "train", "--quiet", "--epochs", "2", "--hidden", "8", "--scale-target", "--output",
                "run",
            ],
            in: folder)
        #expect(train.status == 0, "train failed: \(train.standardError)")
        return folder
    }

    /// The `prediction` column of a predictions CSV, parsed back to doubles.
    static func predictionColumn(_ csv: String) -> [Double] {
        let lines = csv.split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        let index = header.firstIndex(of: "prediction")!
        return lines.dropFirst().map {
            Double($0.split(separator: ",", omittingEmptySubsequences: false)[index])!
        }
    }

    @Test func trainWritesAModelThatPredictReadsBitForBitInAnyColumnOrder() throws {
        guard FileManager.default.isExecutableFile(atPath: TabregProcess.executable.path) else {
            Issue.record("no tabreg executable at \(TabregProcess.executable.path)")
            return
        }
        let folder = try Self.trainedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let modelPath = "run/model.safetensors"
        #expect(
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(modelPath).path))

        let predict = try Self.run(
            ["predict", "--model", modelPath, "--data", "boston.csv"], in: folder)
        #expect(predict.status == 0, "\(predict.standardError)")
        let lines = predict.standardOutput.split(separator: "\n")
        #expect(lines.count == 507)
        #expect(
            lines[0]
                == "crim,zn,indus,chas,nox,rm,age,dis,rad,tax,ptratio,black,lstat,medv,prediction")
        #expect(
            lines[1].hasPrefix("0.00632,18,2.31,0,0.538,6.575,65.2,4.09,1,296,15.3,396.9,4.98,24,"))

        // The library's predictions from the same file: the CLI's printed numbers equal them.
        let model = try SavedModel(contentsOf: folder.appendingPathComponent(modelPath))
        let table = try CSVReader.read(contentsOf: folder.appendingPathComponent("boston.csv"))
        let library = try model.predict(table)
        #expect(
            Self.predictionColumn(predict.standardOutput).map(\.bitPattern)
                == library.map(\.bitPattern))

        // Columns reversed, the target dropped and an extra column added: same predictions.
        let names = table.columnNames.filter { $0 != "medv" }.reversed() + ["comment"]
        var shuffled = names.joined(separator: ",") + "\n"
        let rows = BostonHousing.csv.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",").map(String.init)
        }
        let header = table.columnNames
        for row in rows {
            shuffled +=
                names.map { name in
                    name == "comment" ? "x" : row[header.firstIndex(of: name)!]
                }.joined(separator: ",") + "\n"
        }
        try shuffled.write(
            to: folder.appendingPathComponent("shuffled.csv"), atomically: true, encoding: .utf8)
        let again = try Self.run(
            ["predict", "--model", modelPath, "--data", "shuffled.csv", "--output", "out/p.csv"],
            in: folder)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.isEmpty)
        let written = try String(
            contentsOf: folder.appendingPathComponent("out/p.csv"), encoding: .utf8)
        #expect(Self.predictionColumn(written).map(\.bitPattern) == library.map(\.bitPattern))
    }

    @Test func predictNamesEveryMissingColumnAndExits65() throws {
        let folder = try Self.trainedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "crim,zn,other\n1,2,3\n".write(
            to: folder.appendingPathComponent("partial.csv"), atomically: true, encoding: .utf8)
        let run = try Self.run(
            [
                "predict", "--model", "run/model.safetensors", "--data", "partial.csv", "--output",
                "p.csv",
            ],
            in: folder)
        #expect(run.status == 65)
        #expect(run.standardError.hasPrefix("error: "))
        #expect(run.standardError.contains("\"indus\", \"chas\", \"nox\""))
        #expect(run.standardError.contains("\"lstat\""))
        #expect(run.standardError.split(separator: "\n").count == 1)
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("p.csv").path))
    }

    @Test func predictCountsUnseenLevelsAndImputedValuesInNotices() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tabreg-cli-categorical-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var training = "rooms,town,price\n"
        let towns = ["east", "west", "north"]
        for row in 0..<60 {
            let rooms = row % 7 == 0 ? "NA" : String(3 + Double(row % 11) * 0.5)
            training += "\(rooms),\(towns[row % 3]),\(10 + row % 13)\n"
        }
        try training.write(
            to: folder.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
        let train = try Self.run(
            [
                "train", "--data", "train.csv", "--target", "price", "--epochs", "2", "--hidden",
                "4",
                "--batch-size", "10", "--quiet", "--output", "run",
            ], in: folder)
        #expect(train.status == 0, "\(train.standardError)")
        try "town,rooms\neast,4\nsouth,5\nwest,\n".write(
            to: folder.appendingPathComponent("new.csv"), atomically: true, encoding: .utf8)
        let predict = try Self.run(
            ["predict", "--model", "run/model.safetensors", "--data", "new.csv"], in: folder)
        #expect(predict.status == 0, "\(predict.standardError)")
        #expect(predict.standardOutput.split(separator: "\n").count == 4)
        #expect(
            predict.standardError.contains(
                "notice: 1 input row has a level of \"town\" not seen in training"))
        #expect(
            predict.standardError.contains(
                "notice: 1 input row has a missing \"rooms\", filled with the training median."))
    }

    @Test func damagedModelFilesAreRefusedWithOneSentenceAndExit65() throws {
        let folder = try Self.trainedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try Data(contentsOf: folder.appendingPathComponent("run/model.safetensors"))
        let damaged: [(String, Data)] = [
            ("cut.safetensors", good.prefix(good.count / 2)),
            ("tiny.safetensors", good.prefix(5)),
            ("text.safetensors", Data("hello, world".utf8)),
        ]
        for (name, bytes) in damaged {
            try bytes.write(to: folder.appendingPathComponent(name))
            for arguments in [
                ["predict", "--model", name, "--data", "boston.csv"],
                ["export", "--model", name, "--onnx", "m.onnx"],
            ] {
                let run = try Self.run(arguments, in: folder)
                #expect(run.status == 65, "\(arguments): \(run.standardError)")
                #expect(run.standardError.hasPrefix("error: "))
                #expect(run.standardError.contains("\(name) is not a valid safetensors file: "))
                #expect(run.standardError.split(separator: "\n").count == 1)
                #expect(run.standardOutput.isEmpty)
            }
        }
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("m.onnx").path))
    }

    @Test func exportWritesAnONNXModelAndPrintsTheColumnOrder() throws {
        let folder = try Self.trainedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(
            ["export", "--model", "run/model.safetensors", "--onnx", "run/model.onnx"], in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(
            run.standardOutput.contains(
                "columns crim, zn, indus, chas, nox, rm, age, dis, rad, tax, ptratio, black, lstat;"
            ))
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent("run/model.onnx")))
        // ModelProto starts with ir_version (field 1) = 8 and producer_name "tabreg".
        #expect(Array(bytes.prefix(10)) == [0x08, 0x08, 0x12, 0x06] + Array("tabreg".utf8))
        let model = try SavedModel(
            contentsOf: folder.appendingPathComponent("run/model.safetensors"))
        #expect(bytes == model.onnxBytes())
    }
}
