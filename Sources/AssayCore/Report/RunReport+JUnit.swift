extension RunReport {
    /// JUnit XML: one test suite per scorer, one test case per item. Errors are `<error>`, fails `<failure>`,
    /// abstentions `<skipped>`. Every text is XML-escaped (model output is hostile input).
    public func junit() -> String { Self.junit([self]) }

    /// JUnit XML for several runs in one document.
    public static func junit(_ reports: [RunReport]) -> String {
        let tests = reports.reduce(0) { $0 + $1.cases.count }
        let failures = reports.reduce(0) { $0 + $1.cases.filter { $0.verdict == .fail }.count }
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out += "<testsuites name=\"assay\" tests=\"\(tests)\" failures=\"\(failures)\">\n"
        for report in reports { out += report.junitSuites() }
        out += "</testsuites>\n"
        return out
    }

    private func junitSuites() -> String {
        var out = ""
        let byScorer = Dictionary(grouping: cases, by: \.scorer)
        for scorer in byScorer.keys.sorted() {
            let group = byScorer[scorer] ?? []
            let failures = group.filter { $0.verdict == .fail }.count
            let skipped = group.filter { $0.verdict == .abstain }.count
            out += "  <testsuite name=\"\(Self.xmlEscape(run.suiteName))/\(Self.xmlEscape(scorer)) on \(Self.xmlEscape(run.model))\" id=\"\(Self.xmlEscape(run.id))\" tests=\"\(group.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
            for c in group {
                out += "    <testcase classname=\"\(Self.xmlEscape(run.suiteName)).\(Self.xmlEscape(scorer))\" name=\"\(Self.xmlEscape(c.itemID))\""
                switch c.verdict {
                case .pass, .value: out += "/>\n"
                case .fail: out += "><failure message=\"\(Self.xmlEscape(c.detail))\"/></testcase>\n"
                case .abstain: out += "><skipped message=\"\(Self.xmlEscape(c.detail))\"/></testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        if errors > 0 {
            out += "  <testsuite name=\"\(Self.xmlEscape(run.suiteName))/requests on \(Self.xmlEscape(run.model))\" tests=\"\(samples)\" errors=\"\(errors)\">\n"
            out += "    <testcase name=\"failed requests\"><error message=\"\(errors) of \(samples) requests failed after retries\"/></testcase>\n"
            out += "  </testsuite>\n"
        }
        return out
    }

    /// Escapes the five XML specials and drops characters XML 1.0 forbids.
    public static func xmlEscape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && !(0xFFFE...0xFFFF).contains(scalar.value) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
