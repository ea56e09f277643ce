import XCTest
import TabregNumerics

final class SplitMix64Tests: XCTestCase {
    /// Values of Vigna's reference C implementation (prng.di.unimi.it/splitmix64.c) for seed
    /// 1234567, as printed by an independent Python transcription of it.
    func testMatchesReferenceImplementationForSeed1234567() {
        var generator = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        XCTAssertEqual((0..<5).map { _ in generator.next() }, expected)
    }

    func testSeedZeroMatchesReferenceImplementation() {
        var generator = SplitMix64(seed: 0)
        XCTAssertEqual(
            (0..<3).map { _ in generator.next() },
            [16_294_208_416_658_607_535, 7_960_286_522_194_355_700, 487_617_019_471_545_679])
    }

    func testUnitFloatsStayInHalfOpenInterval() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<10_000 {
            let value = generator.nextUnitFloat()
            XCTAssertTrue(value >= 0 && value < 1, "\(value)")
            let double = generator.nextUnitDouble()
            XCTAssertTrue(double >= 0 && double < 1, "\(double)")
        }
    }

    func testBoundedIntegersCoverTheRangeWithoutBias() {
        var generator = SplitMix64(seed: 3)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[generator.nextInt(below: 7)] += 1 }
        for count in counts {
            // 10,000 expected per bucket; sd about 93, so 600 is more than 6 sd.
            XCTAssertLessThan(abs(count - 10_000), 600, "\(counts)")
        }
    }

    func testShuffleIsAPermutationAndDependsOnTheSeed() {
        var first = SplitMix64(seed: 1)
        var second = SplitMix64(seed: 1)
        var third = SplitMix64(seed: 2)
        let a = first.permutation(count: 100)
        XCTAssertEqual(a.sorted(), Array(0..<100))
        XCTAssertEqual(a, second.permutation(count: 100))
        XCTAssertNotEqual(a, third.permutation(count: 100))
    }

    func testShuffleOfOneAndZeroElementsDrawsNothing() {
        var generator = SplitMix64(seed: 5)
        var empty: [Int] = []
        var single = [42]
        generator.shuffle(&empty)
        generator.shuffle(&single)
        XCTAssertEqual(single, [42])
        XCTAssertEqual(generator, SplitMix64(seed: 5))
    }
}
