import XCTest

@testable import TabregData

/// Thousands of seeded random byte mutations of a valid file: each must end in a document whose
/// columns all have one value per row, or in a DataError; never a crash, another error or a hang.
final class CSVFuzzTests: XCTestCase {
    private let seedFile = Array(
        ("\u{FEFF}id,name,price,\"area, m²\",grade\r\n"
            + "1,\"Doe, \"\"J\"\"\",12.5,70,good\r\n"
            + "2,Zoë,NA,80.25,\" fair \"\r\n"
            + "3,\"two\nlines\",1e3,,bad\r\n"
            + "4,plain,-0.5,90,?\r\n"
            + "5,last,7,100,good").utf8)

    private let interestingBytes: [UInt8] = [
        UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: ";"), 0x0A, 0x0D, 0x09, 0x00, 0xFF,
        0xC3, 0xA9, 0xE2, 0x80, UInt8(ascii: "e"), UInt8(ascii: "."), UInt8(ascii: "-"),
        UInt8(ascii: "N"), UInt8(ascii: " "), UInt8(ascii: "9"), 0xFE, 0xEF,
    ]

    private func mutate(_ bytes: [UInt8], using generator: inout TestGenerator) -> [UInt8] {
        var bytes = bytes
        for _ in 0...generator.next(below: 4) {
            let position = bytes.isEmpty ? 0 : generator.next(below: bytes.count)
            switch generator.next(below: 6) {
            case 0 where !bytes.isEmpty:
                bytes[position] = UInt8(generator.next(below: 256))
            case 1 where !bytes.isEmpty:
                bytes[position] = interestingBytes[generator.next(below: interestingBytes.count)]
            case 2:
                bytes.insert(
                    interestingBytes[generator.next(below: interestingBytes.count)], at: position)
            case 3 where !bytes.isEmpty:
                bytes.remove(at: position)
            case 4 where !bytes.isEmpty:
                let length = min(generator.next(below: 12), bytes.count - position)
                bytes.insert(contentsOf: bytes[position..<(position + length)], at: position)
            default:
                bytes.removeLast(min(generator.next(below: 8), bytes.count))
            }
        }
        return bytes
    }

    func testRandomMutationsEndInACleanResultOrACleanError() throws {
        XCTAssertNoThrow(try CSVParser.parse(seedFile, source: "seed.csv"))
        var generator = TestGenerator(state: 42)
        var documents = 0
        var errors = 0
        for _ in 0..<5000 {
            let bytes = mutate(seedFile, using: &generator)
            do {
                let document = try CSVParser.parse(bytes, source: "fuzz.csv")
                documents += 1
                for column in document.columns {
                    switch column.values {
                    case .numeric(let values): XCTAssertEqual(values.count, document.rowCount)
                    case .text(let values): XCTAssertEqual(values.count, document.rowCount)
                    }
                }
                XCTAssertEqual(document.rowLines, document.rowLines.sorted())
            } catch let error as DataError {
                errors += 1
                XCTAssertFalse(error.description.isEmpty)
                XCTAssertFalse(error.description.contains("\n"), "one line: \(error)")
            } catch {
                XCTFail("unexpected error type: \(error)")
            }
        }
        // Both outcomes must occur, or the mutations are not exercising anything.
        XCTAssertGreaterThan(documents, 500)
        XCTAssertGreaterThan(errors, 500)
    }
}
