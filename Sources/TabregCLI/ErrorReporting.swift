import ArgumentParser
import Foundation
import TabregData
import TabregModel
import TabregNetwork

/// Exit codes of tabreg: 0 success, 64 usage (argument-parser), 65 bad input data, 1 otherwise.
enum ExitStatus {
    static let dataError: Int32 = 65
    static let failure: Int32 = 1
}

/// Runs `body`, turning the library's errors into one sentence on stderr and tabreg's exit
/// codes.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DataError {
        Console.error("error: \(error)\n")
        throw ExitCode(ExitStatus.dataError)
    } catch let error as SafetensorsError {
        Console.error("error: \(error)\n")
        throw ExitCode(ExitStatus.dataError)
    } catch let error as ModelFileError {
        Console.error("error: \(error)\n")
        throw ExitCode(ExitStatus.dataError)
    } catch let error as TrainingDivergedError {
        Console.error("error: \(error)\n")
        throw ExitCode(ExitStatus.failure)
    } catch let error as ExitCode {
        throw error
    } catch let error as FileWriteError {
        Console.error("error: \(error)\n")
        throw ExitCode(ExitStatus.failure)
    } catch let error as CocoaError {
        Console.error("error: \(error.localizedDescription)\n")
        throw ExitCode(ExitStatus.failure)
    }
}
