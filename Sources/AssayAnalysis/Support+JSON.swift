public import Foundation

extension KeyedEncodingContainer {
    /// Encodes a number, or `null` when it is NaN or infinite (JSON has no NaN; a missing estimate reads as null).
    mutating func encodeFinite(_ value: Double, forKey key: Key) throws {
        if value.isFinite { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

/// JSON for reports: snake_case keys, sorted, pretty-printed, slashes unescaped.
public enum ReportJSON {
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every number that can be NaN is written through encodeFinite, so encoding cannot fail on a value.
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
