import Testing
@testable import AssayProviders

/// The plain client's response parser, fed bytes as a socket might deliver them.
@Suite struct HTTP1ResponseParserTests {
    typealias Parser = HTTP1ResponseParser

    /// Feeds `text` split at `cut` (every split point is tried by the callers) and returns the response, if complete.
    private static func parse(_ text: String, cuts: [Int] = [], maxBody: Int = 1 << 20, close: Bool = false) throws(Parser.Failure) -> Parser.Response? {
        var parser = Parser(maxBodyBytes: maxBody)
        let bytes = Array(text.utf8)
        var start = 0
        var result: Parser.Response?
        for cut in cuts + [bytes.count] where cut >= start {
            if let response = try parser.feed(bytes[start..<cut]) { result = response }
            start = cut
        }
        if result == nil, close { result = parser.finishAtClose() }
        return result
    }

    /// Every way of splitting the bytes in two gives the same response as one read.
    private static func expectSameAtEverySplit(_ text: String, _ expected: Parser.Response, close: Bool = false) throws {
        #expect(try parse(text, close: close) == expected)
        for cut in 0...text.utf8.count {
            #expect(try parse(text, cuts: [cut], close: close) == expected, "split at \(cut)")
        }
    }

    @Test func contentLengthBodiesWithHeadersKeptInOrder() throws {
        let text = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-A:  spaced value \t\r\nContent-Length: 11\r\n\r\n{\"a\":\"b\"}\r\n"
        try Self.expectSameAtEverySplit(text, Parser.Response(
            status: 200,
            headers: [.init(name: "Content-Type", value: "application/json"), .init(name: "X-A", value: "spaced value"),
                      .init(name: "Content-Length", value: "11")],
            body: Array("{\"a\":\"b\"}\r\n".utf8), keepAlive: true))
    }

    @Test func chunkedBodiesWithExtensionsAndTrailers() throws {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 999\r\n\r\n" +
            "5;name=value\r\nhello\r\nA\r\n, chunked!\r\n0\r\nX-Trailer: t\r\n\r\n"
        let response = try #require(try Self.parse(text))
        #expect(String(decoding: response.body, as: UTF8.self) == "hello, chunked!")
        #expect(response.keepAlive)
        try Self.expectSameAtEverySplit(text, response)
    }

    @Test func interimResponsesAreSkippedAndEmptyStatusesHaveNoBody() throws {
        let text = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"
        try Self.expectSameAtEverySplit(text, Parser.Response(status: 204, headers: [.init(name: "Content-Length", value: "5")], body: [], keepAlive: true))
    }

    @Test func connectionHeadersAndHTTP10DecideReuse() throws {
        #expect(try Self.parse("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n")?.keepAlive == false)
        #expect(try Self.parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")?.keepAlive == false)
        #expect(try Self.parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n")?.keepAlive == true)
    }

    @Test func aBodyWithoutLengthEndsWithTheConnection() throws {
        let text = "HTTP/1.0 200 OK\r\n\r\nall of it"
        #expect(try Self.parse(text) == nil)
        try Self.expectSameAtEverySplit(text, Parser.Response(status: 200, headers: [], body: Array("all of it".utf8), keepAlive: false), close: true)
        // A body with a length that the close cuts short is not complete.
        var parser = Parser(maxBodyBytes: 100)
        #expect(try parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123".utf8)) == nil)
        #expect(parser.hasStarted)
        #expect(parser.finishAtClose() == nil)
    }

    @Test func malformedResponsesAreRefused() {
        let cases = [
            "HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "SSH-2.0-OpenSSH\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n", "HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n", "HTTP/1.1 200 OK\r\nBad Name: v\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", "HTTP/1.1 101 Switching Protocols\r\n\r\n",
        ]
        for text in cases {
            #expect(throws: Parser.Failure.self, "\(text.debugDescription)") { try Self.parse(text) }
        }
    }

    @Test func limitsOnTheHeadAndTheBody() {
        var parser = Parser(maxHeadBytes: 64, maxBodyBytes: 8)
        #expect(throws: Parser.Failure(kind: .malformed, detail: "response head over 64 bytes")) {
            try parser.feed(Array(("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 80)).utf8))
        }
        for text in ["HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n5\r\n",
                     "HTTP/1.1 200 OK\r\n\r\n123456789"] {
            var parser = Parser(maxBodyBytes: 8)
            #expect(throws: Parser.Failure(kind: .bodyTooLarge, detail: "response body larger than 8 bytes")) { try parser.feed(Array(text.utf8)) }
        }
    }

    @Test func bytesAfterAResponseStayForTheNextOne() throws {
        var parser = Parser(maxBodyBytes: 100)
        let two = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno"
        let first = try #require(try parser.feed(Array(two.utf8)))
        #expect(first.body == Array("a".utf8))
        #expect(parser.hasLeftover)
        let second = try #require(try parser.feed([UInt8]()))
        #expect(second.status == 404)
        #expect(second.body == Array("no".utf8))
        #expect(!parser.hasLeftover && !parser.hasStarted)
    }
}
