/// Agglomerative clustering with average linkage: repeatedly merges the two clusters whose members are, on average,
/// most similar, until no pair reaches `threshold`.
///
/// Keeps the n × n similarity matrix (4 bytes per pair) and each cluster's nearest neighbour, so a merge costs O(n)
/// plus a rescan for the clusters whose neighbour changed.
public enum AverageLinkage {
    /// Clusters of indices `0..<count`, largest first (ties by smallest member); `similarity` must be symmetric.
    public static func clusters(count: Int, threshold: Double, similarity: (Int, Int) -> Double) -> [[Int]] {
        guard count > 1 else { return count == 1 ? [[0]] : [] }
        var matrix = [Float](repeating: 0, count: count * count)
        for i in 0..<count {
            for j in (i + 1)..<count {
                let s = Float(similarity(i, j))
                matrix[i * count + j] = s
                matrix[j * count + i] = s
            }
        }
        var members = (0..<count).map { [$0] }
        var active = [Bool](repeating: true, count: count)
        var nearest = [Int](repeating: -1, count: count)
        var nearestSimilarity = [Float](repeating: -.infinity, count: count)
        func rescan(_ i: Int) {
            nearest[i] = -1
            nearestSimilarity[i] = -.infinity
            for k in 0..<count where k != i && active[k] && matrix[i * count + k] > nearestSimilarity[i] {
                nearest[i] = k
                nearestSimilarity[i] = matrix[i * count + k]
            }
        }
        for i in 0..<count { rescan(i) }
        let cut = Float(threshold)
        while true {
            var a = -1
            for i in 0..<count where active[i] && nearest[i] >= 0 && (a < 0 || nearestSimilarity[i] > nearestSimilarity[a]) { a = i }
            guard a >= 0, nearestSimilarity[a] >= cut else { break }
            let b = nearest[a]
            let (wa, wb) = (Float(members[a].count), Float(members[b].count))
            for k in 0..<count where active[k] && k != a && k != b {
                let merged = (wa * matrix[a * count + k] + wb * matrix[b * count + k]) / (wa + wb)
                matrix[a * count + k] = merged
                matrix[k * count + a] = merged
            }
            members[a] += members[b]
            members[b] = []
            active[b] = false
            rescan(a)
            for k in 0..<count where active[k] && k != a {
                if nearest[k] == a || nearest[k] == b {
                    rescan(k)
                } else if matrix[k * count + a] > nearestSimilarity[k] {
                    nearest[k] = a
                    nearestSimilarity[k] = matrix[k * count + a]
                }
            }
        }
        return (0..<count).filter { active[$0] }.map { members[$0].sorted() }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }
    }
}
