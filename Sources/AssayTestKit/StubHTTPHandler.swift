import NIOCore
import NIOHTTP1

/// Collects one HTTP request, asks the responder, writes the reply (after its delay).
final class StubHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: StubResponder
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(responder: StubResponder) {
        self.responder = responder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.removeAll(keepingCapacity: true)
        case .body(var buffer):
            body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
        case .end:
            guard let head else { return }
            let reply = responder.reply(method: head.method.rawValue, path: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body)
            send(reply, keepAlive: head.isKeepAlive, context: context)
            self.head = nil
        }
    }

    /// Writes `reply` once it is no longer held and its delay has passed.
    private func send(_ reply: StubReply, keepAlive: Bool, context: ChannelHandlerContext) {
        let wait = reply.held && responder.holding ? 0.01 : reply.delay
        guard wait > 0, context.channel.isActive else { return write(reply, keepAlive: keepAlive, context: context) }
        var next = reply
        if !(reply.held && responder.holding) { next.delay = 0 }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .nanoseconds(Int64(wait * 1e9))) {
            let (handler, context) = loopBound.value
            handler.send(next, keepAlive: keepAlive, context: context)
        }
    }

    private func write(_ reply: StubReply, keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders(reply.headers)
        let bytes = Array(reply.body.utf8)
        headers.add(name: "Content-Length", value: String(bytes.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.whenComplete { _ in context.close(promise: nil) }
        }
    }
}
