/// One dashboard page: a title and a body. Adding a page is one file with a type conforming to this and a route in
/// ``Dashboard/routes``.
protocol Page: Sendable {
    var title: String { get }
    /// Where the page sits in the top navigation (`runs`, `suites`, `evolutions`, `findings`, `series`).
    var section: String { get }
    func body() -> HTML
}

/// The frame every page shares: head, navigation, styles, and the per-request script nonce.
enum Layout {
    static func render(_ page: some Page, nonce: String, script: String? = nil) -> String {
        let nav: [HTML] = [("runs", "/"), ("suites", "/suites"), ("evolutions", "/evolutions"), ("findings", "/findings"), ("series", "/series")].map { name, href in
            name == page.section ? "<a href=\"\(href)\" aria-current=\"page\">\(name)</a>" : "<a href=\"\(href)\">\(name)</a>"
        }
        let scriptTag: HTML = script.map { "<script nonce=\"\(nonce)\">\(HTML.raw($0))</script>" } ?? ""
        let document: HTML = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(page.title) · Assay</title>
            <style>\(HTML.raw(styles))</style>
            </head>
            <body>
            <header><strong>Assay</strong><nav>\(nav)</nav></header>
            <main>
            \(page.body())
            </main>
            \(scriptTag)
            </body>
            </html>
            """
        return document.text
    }

    static let styles = """
        :root{--fg:#1d2125;--muted:#5f6b76;--line:#d8dee4;--bg:#fff;--panel:#f6f8fa;--accent:#2f6fde;--pass:#1a7f37;--fail:#cf222e;--abstain:#9a6700;--error:#8250df}
        *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:var(--fg);background:var(--bg)}
        header{display:flex;gap:24px;align-items:center;padding:10px 24px;border-bottom:1px solid var(--line);background:var(--panel)}
        header nav a{margin-right:14px;color:var(--muted);text-decoration:none}header nav a[aria-current]{color:var(--fg);font-weight:600}
        main{padding:18px 24px;max-width:1280px}h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:22px 0 8px}
        .muted{color:var(--muted)}table{border-collapse:collapse;width:100%;margin:6px 0}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
        th{font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.03em}td.num{text-align:right;font-variant-numeric:tabular-nums}
        a{color:var(--accent)}code,pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
        pre{white-space:pre-wrap;word-break:break-word;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:10px;margin:4px 0}
        .pill{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;border:1px solid var(--line)}
        .pass{color:var(--pass)}.fail{color:var(--fail)}.abstain{color:var(--abstain)}.error{color:var(--error)}.value{color:var(--muted)}
        .running{color:var(--accent)}.completed{color:var(--pass)}.failed{color:var(--fail)}.interrupted{color:var(--abstain)}
        .facts{display:flex;flex-wrap:wrap;gap:6px 22px;margin:8px 0 4px}.facts div span{color:var(--muted);margin-right:6px}
        form.filters{display:flex;gap:10px;align-items:end;margin:8px 0}form.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
        .charts{display:flex;flex-wrap:wrap;gap:18px}figure{margin:0}figcaption{font-weight:600;font-size:13px}.turn{margin:10px 0}.role{font-size:12px;color:var(--muted);text-transform:uppercase}
        .progress{width:260px;height:10px;background:var(--panel);border:1px solid var(--line);border-radius:5px;overflow:hidden;max-width:420px}
        .progress div{height:100%;background:var(--accent)}.tok{border-radius:2px;white-space:pre-wrap}.pager a{margin-right:10px}
        .validated,.removed{color:var(--fail)}.flaky,.saturated{color:var(--abstain)}.unconfirmed,.candidate,.retired{color:var(--muted)}
        table.sides{width:auto}table.sides th{text-transform:none;font-size:13px}tr.significant td{background:#fff8c5}
        .sig{color:var(--fail);font-weight:600;font-size:12px}form.compare select{max-width:340px}
        .flip{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:12px 0}.flip-head{display:flex;flex-wrap:wrap;gap:6px 18px;margin-bottom:4px}
        .pair{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:14px}.pair pre{max-height:360px;overflow:auto}
        .role code,.role a{text-transform:none}details{margin:6px 0}details summary{cursor:pointer;color:var(--accent)}
        table.heatmap{width:auto}table.heatmap td.cell{min-width:54px;text-align:center;border:2px solid var(--bg)}table.heatmap a{text-decoration:none}
        .badge{display:inline-block;padding:1px 9px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;vertical-align:middle}
        .badge.smooth{background:var(--pass)}.badge.artifact{background:var(--abstain)}.badge.transition{background:var(--fail)}.badge.undetermined{background:var(--muted)}
        .ladder{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:12px 0}.ladder h3{font-size:14px;margin:2px 0 4px}
        .evidence{margin:4px 0 8px}.charts.two>figure{flex:1 1 0;min-width:0}.charts.two svg{max-width:100%;height:auto}
        .status{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;border:1px solid var(--line)}.status.open{color:var(--fail)}
        .status.triaged{color:var(--abstain)}.status.fixed{color:var(--pass)}.status.wont_fix{color:var(--muted)}svg.spark{color:var(--accent);vertical-align:middle}
        .lead{font-size:15px;margin:4px 0}.example{border:1px solid var(--line);border-radius:6px;padding:6px 12px;margin:10px 0}
        .example pre{max-height:260px;overflow:auto}p.filters strong{font-weight:600}
        """
}
