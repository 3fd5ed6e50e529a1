import Testing
@testable import AssayCore

struct CSVReaderTests {
    @Test func plainRecordsWithLineNumbers() {
        let (records, problems) = CSVReader.parse("a,b,c\n1,2,3\n\n4,5,6\n")
        #expect(problems.isEmpty)
        #expect(records == [
            CSVRecord(fields: ["a", "b", "c"], line: 1),
            CSVRecord(fields: ["1", "2", "3"], line: 2),
            CSVRecord(fields: ["4", "5", "6"], line: 4),
        ])
    }

    @Test func quotedCommaAndDoubledQuote() {
        let (records, problems) = CSVReader.parse(#"q,a"# + "\n" + #""Hello, world","She said ""hi""""# + "\n")
        #expect(problems.isEmpty)
        #expect(records.last?.fields == ["Hello, world", #"She said "hi""#])
    }

    @Test func embeddedNewlineKeepsLineNumbersOfLaterRecords() {
        let text = "id,text\n1,\"first line\nsecond line\nthird line\"\n2,after\n3,\"x\"\n"
        let (records, problems) = CSVReader.parse(text)
        #expect(problems.isEmpty)
        #expect(records.map(\.line) == [1, 2, 5, 6])
        #expect(records[1].fields == ["1", "first line\nsecond line\nthird line"])
        #expect(records[2].fields == ["2", "after"])
    }

    @Test func crlfLineEndings() {
        let (records, problems) = CSVReader.parse("a,b\r\n\"x\r\ny\",2\r\n3,4\r\n")
        #expect(problems.isEmpty)
        #expect(records == [
            CSVRecord(fields: ["a", "b"], line: 1),
            CSVRecord(fields: ["x\r\ny", "2"], line: 2),
            CSVRecord(fields: ["3", "4"], line: 4),
        ])
    }

    @Test func emptyFieldsAndMissingFinalNewline() {
        let (records, _) = CSVReader.parse(",,\n\"\",x,")
        #expect(records == [CSVRecord(fields: ["", "", ""], line: 1), CSVRecord(fields: ["", "x", ""], line: 2)])
    }

    @Test func byteOrderMarkAndUnicode() throws {
        let text = try TextFile.decode(Array("\u{FEFF}name,city\nJosé,\"Zürich, CH\"\n".utf8), file: "x.csv")
        let (records, _) = CSVReader.parse(text)
        #expect(records[0].fields == ["name", "city"])
        #expect(records[1].fields == ["José", "Zürich, CH"])
    }

    @Test func unterminatedQuoteReportsTheRecordStart() {
        let (records, problems) = CSVReader.parse("a,b\n1,2\n3,\"never\nclosed\n")
        #expect(records.count == 2)
        #expect(problems == [CSVReader.Problem(line: 3, message: "unterminated quoted field (the quote opens on line 3)")])
    }

    @Test func textAfterClosingQuoteIsAProblemAndParsingContinues() {
        let (records, problems) = CSVReader.parse("a,b\n\"x\"y,2\n3,4\n")
        #expect(problems == [CSVReader.Problem(line: 2, message: "unexpected text after a closing quote on line 2")])
        #expect(records.map(\.fields) == [["a", "b"], ["3", "4"]])
    }

    @Test func quoteInsideUnquotedFieldIsData() {
        let (records, problems) = CSVReader.parse("a\n5\" pipe\n")
        #expect(problems.isEmpty)
        #expect(records[1].fields == ["5\" pipe"])
    }

    @Test func throwingVariantNamesTheFile() {
        #expect(throws: AssayError.self) { try CSVReader.records(in: "\"open", file: "x.csv") }
        do {
            _ = try CSVReader.records(in: "a\n\"open", file: "x.csv")
        } catch let error as AssayError {
            #expect(error.description == "x.csv:2: unterminated quoted field (the quote opens on line 2)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
