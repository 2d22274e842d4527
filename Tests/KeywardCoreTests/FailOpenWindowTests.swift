import KeywardCore
import Testing

@Suite("Fail-open window")
struct FailOpenWindowTests {
    @Test("a window from 1s to 1h is accepted; a longer one is refused naming the field and the bound")
    func bounds() throws {
        for text in ["1s", "90s", "5m", "1h", "59m60s"] {
            #expect(try FailOpenWindow.validated(try DurationText(parsing: text), field: "failOpenFor").text == text)
        }
        for text in ["1h1s", "2h", "1d"] {
            #expect {
                try FailOpenWindow.validated(try DurationText(parsing: text), field: "failOpenFor")
            } throws: { error in
                let error = error as? KeywardError
                return error?.code == .invalidField && error?.field == "failOpenFor" && error?.message.contains("1h") == true
            }
        }
    }

    @Test("no window fails closed at once; a window admits outages shorter than itself only")
    func permits() throws {
        let window = try DurationText(parsing: "30s")
        #expect(!FailOpenWindow.permits(nil, outageAge: .zero))
        #expect(FailOpenWindow.permits(window, outageAge: .zero))
        #expect(FailOpenWindow.permits(window, outageAge: .milliseconds(29_999)))
        #expect(!FailOpenWindow.permits(window, outageAge: .seconds(30)))
        #expect(!FailOpenWindow.permits(window, outageAge: .seconds(3_600)))
    }
}
