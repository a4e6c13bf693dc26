import GeoKit

/// Chains polylines whose ends meet exactly (same coordinate bits), as GMT writes data cut at its
/// storage-tile edges. A chain continues through a point only where exactly two piece ends meet;
/// at three or more it stops, because that point is a junction, not a tile cut.
public enum PolylineChain {
    public struct Chain: Sendable, Equatable {
        public var coordinates: [Coordinate]
        /// Indices (into the input) of the pieces, in chain order.
        public var pieces: [Int]
        public var isClosed: Bool { coordinates.count > 2 && coordinates.first == coordinates.last }
    }

    /// Deterministic: chains start at the lowest-indexed piece with a free end; loops at their lowest piece.
    public static func chain(_ pieces: [[Coordinate]]) -> [Chain] {
        var ends: [Coordinate: [(piece: Int, atStart: Bool)]] = [:]
        for (i, p) in pieces.enumerated() where p.count >= 2 {
            ends[p.first!, default: []].append((i, true))
            ends[p.last!, default: []].append((i, false))
        }
        var used = [Bool](repeating: false, count: pieces.count)
        var out: [Chain] = []

        // Walks forward from the current last point while the chain continues through a 2-end point.
        func extend(_ coords: inout [Coordinate], _ ids: inout [Int]) {
            while let tail = coords.last, let at = ends[tail], at.count == 2 {
                guard let next = at.first(where: { !used[$0.piece] }) else { break }
                used[next.piece] = true
                ids.append(next.piece)
                let p = pieces[next.piece]
                coords.append(contentsOf: next.atStart ? p.dropFirst() : p.reversed().dropFirst())
            }
        }

        func isFree(_ c: Coordinate) -> Bool { (ends[c]?.count ?? 0) != 2 }
        for (i, p) in pieces.enumerated() where p.count >= 2 && !used[i] {
            // Start only from a free end; pieces inside a chain are reached from it.
            let startFree = isFree(p.first!), endFree = isFree(p.last!)
            guard startFree || endFree else { continue }
            used[i] = true
            var coords = startFree ? p : Array(p.reversed())
            var ids = [i]
            extend(&coords, &ids)
            out.append(Chain(coordinates: coords, pieces: ids))
        }
        for (i, p) in pieces.enumerated() where p.count >= 2 && !used[i] {
            used[i] = true
            var coords = p
            var ids = [i]
            extend(&coords, &ids)
            out.append(Chain(coordinates: coords, pieces: ids))
        }
        return out
    }
}
