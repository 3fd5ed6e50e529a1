/// An incremental parser of one HTTP/1.x response at a time, for ``KeepAliveHTTPClient``: bytes go in as they arrive,
/// a complete response comes out. It replaces NIO's general HTTP decoder and encoder pair on the client's path, whose
/// per-header strings and handler hops were a tenth of a run's CPU against a fast local server.
///
/// It reads what servers send to a client that sends `GET` and `POST` without `Expect` or upgrades: a status line,
/// header fields, and a body framed by `Transfer-Encoding: chunked`, by `Content-Length`, or by the connection's close;
/// interim `1xx` responses are skipped, and `204` and `304` have no body. Anything else (obsolete line folding, a bad
/// or conflicting length, a head over `maxHeadBytes`, a body over `maxBodyBytes`) is an ``Failure``.
struct HTTP1ResponseParser {
    /// A complete response.
    struct Response: Equatable {
        var status: Int
        var headers: [Header]
        var body: [UInt8]
        /// Whether the connection may carry another request (HTTP/1.1 without `Connection: close`, or HTTP/1.0 with
        /// `Connection: keep-alive`, and a body not framed by the close).
        var keepAlive: Bool
    }

    struct Header: Equatable {
        var name: String
        var value: String
    }

    /// Why the bytes are not a response this parser accepts.
    struct Failure: Error, Equatable {
        enum Kind: Equatable { case malformed, bodyTooLarge }
        var kind: Kind
        var detail: String
    }

    private enum Framing {
        case length(Int)
        case chunked
        case untilClose
    }

    private enum State {
        /// Waiting for the status line and header fields.
        case head
        /// `remaining` body bytes to come.
        case fixed(remaining: Int)
        /// Waiting for a chunk-size line.
        case chunkSize
        /// `remaining` bytes of chunk data, then its CRLF.
        case chunkData(remaining: Int)
        /// Trailer fields after the last chunk, up to the empty line.
        case trailers
        /// Everything until the connection closes.
        case untilClose
    }

    let maxHeadBytes: Int
    let maxBodyBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var state = State.head
    private var status = 0
    private var headers: [Header] = []
    private var keepAlive = true
    private var body: [UInt8] = []

    init(maxHeadBytes: Int = 64 << 10, maxBodyBytes: Int) {
        self.maxHeadBytes = maxHeadBytes
        self.maxBodyBytes = maxBodyBytes
    }

    /// Whether any byte of the current response has arrived (a connection that closes before then may be retried).
    var hasStarted: Bool { start < buffer.count || status != 0 || !body.isEmpty }

    /// Bytes received after a complete response and not yet parsed (a server that sent more than it was asked for).
    var hasLeftover: Bool { start < buffer.count }

    /// Adds bytes; returns the response once it is complete. Bytes after a complete response stay for the next call.
    mutating func feed<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(Failure) -> Response? {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 4096, start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
        return try advance()
    }

    /// The connection closed: a body framed by the close is complete; otherwise nil (the response was cut short).
    mutating func finishAtClose() -> Response? {
        guard case .untilClose = state else { return nil }
        return complete()
    }

    private mutating func advance() throws(Failure) -> Response? {
        while true {
            switch state {
            case .head:
                guard let end = find(crlfcrlf: start) else {
                    if buffer.count - start > maxHeadBytes { throw Failure(kind: .malformed, detail: "response head over \(maxHeadBytes) bytes") }
                    return nil
                }
                guard end - start <= maxHeadBytes else { throw Failure(kind: .malformed, detail: "response head over \(maxHeadBytes) bytes") }
                let framing = try parseHead(buffer[start..<end])
                start = end + 4
                if (100..<200).contains(status) {
                    // An interim response (100 Continue, 103 Early Hints): the real one follows.
                    status = 0
                    headers = []
                    keepAlive = true
                    continue
                }
                switch framing {
                case .length(0): return complete()
                case .length(let count):
                    guard count <= maxBodyBytes else { throw tooLarge() }
                    body.reserveCapacity(count)
                    state = .fixed(remaining: count)
                case .chunked: state = .chunkSize
                case .untilClose:
                    keepAlive = false
                    state = .untilClose
                }
            case .fixed(let remaining):
                let take = min(remaining, buffer.count - start)
                body.append(contentsOf: buffer[start..<start + take])
                start += take
                guard take == remaining else {
                    state = .fixed(remaining: remaining - take)
                    return nil
                }
                return complete()
            case .chunkSize:
                guard let end = find(crlf: start) else {
                    if buffer.count - start > 1024 { throw Failure(kind: .malformed, detail: "chunk-size line too long") }
                    return nil
                }
                let line = buffer[start..<end]
                let digits = line.prefix { $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
                guard !digits.isEmpty, digits.count <= 15, digits.allSatisfy(Self.isHexDigit), let size = Int(String(decoding: digits, as: UTF8.self), radix: 16), size >= 0 else {
                    throw Failure(kind: .malformed, detail: "bad chunk size")
                }
                start = end + 2
                if size == 0 {
                    state = .trailers
                } else {
                    guard body.count + size <= maxBodyBytes else { throw tooLarge() }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let available = buffer.count - start
                if remaining > 0 {
                    let take = min(remaining, available)
                    body.append(contentsOf: buffer[start..<start + take])
                    start += take
                    state = .chunkData(remaining: remaining - take)
                    if take < remaining { return nil }
                }
                guard buffer.count - start >= 2 else { return nil }
                guard buffer[start] == 0x0D, buffer[start + 1] == 0x0A else { throw Failure(kind: .malformed, detail: "chunk not followed by CRLF") }
                start += 2
                state = .chunkSize
            case .trailers:
                guard let end = find(crlf: start) else {
                    if buffer.count - start > maxHeadBytes { throw Failure(kind: .malformed, detail: "trailers over \(maxHeadBytes) bytes") }
                    return nil
                }
                let empty = end == start
                start = end + 2
                if empty { return complete() }
            case .untilClose:
                guard body.count + (buffer.count - start) <= maxBodyBytes else { throw tooLarge() }
                body.append(contentsOf: buffer[start...])
                start = buffer.count
                return nil
            }
        }
    }

    private func tooLarge() -> Failure { Failure(kind: .bodyTooLarge, detail: "response body larger than \(maxBodyBytes) bytes") }

    private mutating func complete() -> Response {
        let response = Response(status: status, headers: headers, body: body, keepAlive: keepAlive)
        state = .head
        status = 0
        headers = []
        keepAlive = true
        body = []
        return response
    }

    private func find(crlf from: Int) -> Int? {
        var index = from
        while index + 1 < buffer.count {
            if buffer[index] == 0x0D, buffer[index + 1] == 0x0A { return index }
            index += 1
        }
        return nil
    }

    private func find(crlfcrlf from: Int) -> Int? {
        var index = from
        while index + 3 < buffer.count {
            if buffer[index + 3] != 0x0A { index += buffer[index + 3] == 0x0D ? 1 : 4; continue }
            if buffer[index] == 0x0D, buffer[index + 1] == 0x0A, buffer[index + 2] == 0x0D { return index }
            index += 1
        }
        return nil
    }

    /// Reads the status line and header fields (`head` without its final CRLFCRLF) and returns the body's framing.
    private mutating func parseHead(_ head: ArraySlice<UInt8>) throws(Failure) -> Framing {
        var lines = LineIterator(bytes: head)
        guard let statusLine = lines.next() else { throw Failure(kind: .malformed, detail: "empty response head") }
        // HTTP/1.x SSS[ reason]
        let prefix = Array("HTTP/1.".utf8)
        guard statusLine.count >= 12, statusLine.prefix(7).elementsEqual(prefix),
              let minor = statusLine.dropFirst(7).first, minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1"),
              statusLine[statusLine.startIndex + 8] == UInt8(ascii: " "),
              statusLine.count == 12 || statusLine[statusLine.startIndex + 12] == UInt8(ascii: " ") else {
            throw Failure(kind: .malformed, detail: "not an HTTP/1.x status line")
        }
        let code = statusLine[(statusLine.startIndex + 9)..<(statusLine.startIndex + 12)]
        guard code.allSatisfy({ (0x30...0x39).contains($0) }) else { throw Failure(kind: .malformed, detail: "bad status code") }
        status = code.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard status >= 100 else { throw Failure(kind: .malformed, detail: "bad status code") }
        if status == 101 { throw Failure(kind: .malformed, detail: "unexpected protocol switch (101)") }
        let isHTTP10 = minor == UInt8(ascii: "0")

        var contentLength: Int?
        var chunked = false
        var transferEncoding = false
        var connectionClose = false
        var connectionKeepAlive = false
        headers = []
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                throw Failure(kind: .malformed, detail: line.first == 0x20 || line.first == 0x09 ? "folded header line" : "header line without a name")
            }
            let nameBytes = line[..<colon]
            guard nameBytes.allSatisfy(Self.isTokenByte) else { throw Failure(kind: .malformed, detail: "bad header name") }
            var valueBytes = line[(colon + 1)...]
            while let first = valueBytes.first, first == 0x20 || first == 0x09 { valueBytes.removeFirst() }
            while let last = valueBytes.last, last == 0x20 || last == 0x09 { valueBytes.removeLast() }
            let name = String(decoding: nameBytes, as: UTF8.self)
            let value = String(decoding: valueBytes, as: UTF8.self)
            headers.append(Header(name: name, value: value))
            switch name.lowercased() {
            case "content-length":
                for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                    let text = part.trimmingWhitespace
                    guard !text.isEmpty, text.count <= 18, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let length = Int(text) else {
                        throw Failure(kind: .malformed, detail: "bad Content-Length")
                    }
                    if let contentLength, contentLength != length { throw Failure(kind: .malformed, detail: "conflicting Content-Length values") }
                    contentLength = length
                }
            case "transfer-encoding":
                transferEncoding = true
                // Only the last coding frames the body.
                let codings = value.split(separator: ",").map { $0.trimmingWhitespace.lowercased() }
                chunked = codings.last == "chunked"
            case "connection":
                for token in value.split(separator: ",").map({ $0.trimmingWhitespace.lowercased() }) {
                    if token == "close" { connectionClose = true }
                    if token == "keep-alive" { connectionKeepAlive = true }
                }
            default:
                break
            }
        }
        keepAlive = !connectionClose && (!isHTTP10 || connectionKeepAlive)
        if status == 204 || status == 304 || (100..<200).contains(status) { return .length(0) }
        if transferEncoding {
            // A Transfer-Encoding overrides any Content-Length (RFC 9112 6.3); without chunked last, the close frames it.
            return chunked ? .chunked : .untilClose
        }
        if let contentLength { return .length(contentLength) }
        return .untilClose
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Lines of a head separated by CRLF.
    private struct LineIterator {
        let bytes: ArraySlice<UInt8>
        var position: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            position = bytes.startIndex
        }

        mutating func next() -> ArraySlice<UInt8>? {
            guard position < bytes.endIndex else { return nil }
            var index = position
            while index + 1 < bytes.endIndex, !(bytes[index] == 0x0D && bytes[index + 1] == 0x0A) { index += 1 }
            if index + 1 >= bytes.endIndex { index = bytes.endIndex }
            defer { position = min(bytes.endIndex, index + 2) }
            return bytes[position..<index]
        }
    }
}

private extension Substring {
    var trimmingWhitespace: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
