public import Foundation

/// JSON with sorted keys and no insignificant whitespace: the input of every content hash.
public enum CanonicalJSON {
    /// Canonical UTF-8 bytes of `value`. Encoding our own domain types cannot fail; a failure is a programming error.
    public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return Array(try encoder.encode(value))
        } catch {
            preconditionFailure("canonical encoding of \(T.self) failed: \(error)")
        }
    }

    /// Canonical JSON as a string.
    public static func string<T: Encodable>(_ value: T) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }
}
