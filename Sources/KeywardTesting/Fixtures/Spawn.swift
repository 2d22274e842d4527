import Foundation
import KeywardCore

/// Starts `process` while no other start runs in this process (`ProcessStart`):
/// tests that start processes go through here.
public func spawn(_ process: Process) throws {
    try ProcessStart.run(process)
}
