import Foundation
import KeywardCore
import Testing

@Suite("JSON depth limits")
struct JSONLimitsTests {
    @Test("depth counts brackets outside strings and stops early")
    func textDepth() {
        #expect(JSONLimits.depth(of: Array(#"{"a":[1,{"b":2}]}"#.utf8), limit: 32) == 3)
        #expect(JSONLimits.depth(of: Array(#"{"a":"[[[[{{{{\"]"}"#.utf8), limit: 32) == 1)
        #expect(JSONLimits.depth(of: Array("1".utf8), limit: 32) == 0)
        let deep = Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        #expect(JSONLimits.depth(of: deep, limit: 32) == 33)
    }

    @Test("a value's depth is measured without recursion")
    func valueDepth() {
        var value = JSONValue.number(1)
        for _ in 0..<2_000 { value = .array([value]) }
        #expect(value.depth == 2_000)
        #expect(JSONValue.object(["a": .array([.null])]).depth == 2)
        #expect(JSONValue.string("x").depth == 0)
    }
}
