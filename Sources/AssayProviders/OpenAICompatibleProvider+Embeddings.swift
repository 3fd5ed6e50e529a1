import AssayCore
import Foundation

extension OpenAICompatibleProvider {
    /// Embeds `texts` with `POST /embeddings`, in batches of `batch`; vectors come back in the order of `texts`.
    public func embed(_ texts: [String], batch: Int = 64) async throws -> [[Double]] {
        var vectors: [[Double]] = []
        vectors.reserveCapacity(texts.count)
        for start in Swift.stride(from: 0, to: texts.count, by: max(1, batch)) {
            let slice = Array(texts[start..<min(texts.count, start + max(1, batch))])
            let body = try JSONSerialization.data(withJSONObject: ["model": spec.model, "input": slice] as [String: Any])
            let response = try await transport.postJSON("\(baseURL)/embeddings", headers: headers, body: Array(body))
            vectors += try Self.embeddings(from: response.body, expected: slice.count, source: baseURL)
        }
        return vectors
    }

    /// The vectors of an embeddings response (`data[].embedding`, placed by `data[].index` when present).
    static func embeddings(from body: [UInt8], expected: Int, source: String) throws -> [[Double]] {
        let malformed = ProviderError(kind: .malformed, message: "embeddings response from \(source) is not {data: [{embedding: [numbers]}]}")
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let data = object["data"] as? [[String: Any]], data.count == expected else { throw malformed }
        var vectors = [[Double]](repeating: [], count: expected)
        for (position, entry) in data.enumerated() {
            guard let numbers = entry["embedding"] as? [NSNumber], !numbers.isEmpty else { throw malformed }
            let index = entry["index"] as? Int ?? position
            guard vectors.indices.contains(index), vectors[index].isEmpty else { throw malformed }
            vectors[index] = numbers.map(\.doubleValue)
        }
        guard Set(vectors.map(\.count)).count == 1 else { throw malformed }
        return vectors
    }
}
