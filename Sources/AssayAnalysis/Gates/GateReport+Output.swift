import AssayCore

extension GateReport {
    /// A plain-text table, one line per rule, then the verdict.
    public func table() -> String {
        let rows = results.map { [$0.status.rawValue.uppercased(), $0.rule, $0.kind, $0.detail] }
        var out = "gate \(policy) (\(file))\n" + TextTable.render(header: ["status", "rule", "kind", "detail"], rows: rows)
        let failed = results.filter { $0.status != .pass }.count
        out += passed ? "PASSED: all \(results.count) rules hold\n" : "FAILED: \(failed) of \(results.count) rules did not hold\n"
        return out
    }

    /// JUnit XML: one test suite for the policy, one test case per rule; a failed rule is a `<failure>`, a rule that could
    /// not be checked an `<error>`.
    public func junit() -> String {
        let failures = results.filter { $0.status == .fail }.count
        let errors = results.filter { $0.status == .error }.count
        let x = RunReport.xmlEscape
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out += "<testsuites name=\"assay gate\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        out += "  <testsuite name=\"\(x(policy))\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for r in results {
            out += "    <testcase classname=\"gate.\(x(r.kind))\" name=\"\(x(r.rule))\""
            switch r.status {
            case .pass: out += "><system-out>\(x(r.detail))</system-out></testcase>\n"
            case .fail: out += "><failure message=\"\(x(r.detail))\" type=\"\(x(r.kind))\"/></testcase>\n"
            case .error: out += "><error message=\"\(x(r.detail))\" type=\"\(x(r.kind))\"/></testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// A Markdown table for a pull-request comment or a CI summary.
    public func markdown() -> String {
        let m = RunReport.markdownEscape
        var out = "### Gate \(m(policy)): \(passed ? "passed" : "failed")\n\n| | rule | kind | detail |\n|---|---|---|---|\n"
        for r in results {
            let mark = switch r.status {
            case .pass: "✅"
            case .fail: "❌"
            case .error: "⚠️"
            }
            out += "| \(mark) | \(m(r.rule)) | \(m(r.kind)) | \(m(r.detail)) |\n"
        }
        return out
    }
}
