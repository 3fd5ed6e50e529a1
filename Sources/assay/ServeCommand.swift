import AssayCore
import AssayServer
import AssayStore
import ArgumentParser
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the dashboard: runs, metrics with CI bars, transcripts, suites, and a JSON API under /api/.",
        discussion: "Binds to 127.0.0.1 by default. Any other address needs --token (or ASSAY_TOKEN), which every request must then carry.")

    @Option(name: .long, help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port (0 picks a free one).")
    var port: Int = 8321

    @Option(name: .long, help: "Token every request must carry (default: ASSAY_TOKEN).")
    var token: String?

    @Flag(name: .long, help: "Print the dashboard's URL (with the token, if any) as soon as it is up.")
    var open = false

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let token = self.token ?? ProcessInfo.processInfo.environment["ASSAY_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let configuration = DashboardServer.Configuration(host: host, port: port, token: token)
        try DashboardServer.validate(configuration)
        let opened = try StoreFactory.open(store.db, longLivedReader: true)
        var logger = Logger(label: "assay.serve")
        logger.logLevel = .warning
        let marker = ServerMarker(storeLocation: opened.location)
        let open = self.open
        defer { marker.remove() }
        try await DashboardServer.run(store: opened, configuration: configuration, logger: logger) { url in
            marker.write(url: url)
            print(open && token != nil ? "\(url)/?token=\(token ?? "")" : url)
            Terminal.note("serving \(opened.location) on \(url) (Ctrl-C to stop)")
            fflush(nil)
        }
    }
}

/// A small file beside the store saying a dashboard serves it, so `assay run` can print the address of its run. A
/// PostgreSQL store has no folder beside it (and its dashboard may run on another machine), so it gets no marker.
struct ServerMarker: Sendable {
    let path: String?

    init(storeLocation: String) {
        path = storeLocation.contains("://") ? nil
            : ((storeLocation as NSString).deletingLastPathComponent as NSString).appendingPathComponent("serve.json")
    }

    func write(url: String) {
        let object: [String: Any] = ["url": url, "pid": Int(getpid())]
        if let path, let data = try? JSONSerialization.data(withJSONObject: object) { FileManager.default.createFile(atPath: path, contents: data) }
    }

    func remove() { if let path { try? FileManager.default.removeItem(atPath: path) } }

    /// The URL of a dashboard serving this store, if its process is alive.
    func runningURL() -> String? {
        guard let path, let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let url = object["url"] as? String, let pid = object["pid"] as? Int, kill(pid_t(pid), 0) == 0 else { return nil }
        return url
    }
}
