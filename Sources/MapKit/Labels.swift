import Foundation

/// A site label that found a free place.
struct PlacedLabel: Equatable {
    var text: String
    var box: Rect
    /// Text anchor point (baseline) and SVG text-anchor.
    var x: Double, y: Double
    var anchor: String
    var position: String
}

/// Greedy cartographic label placement (Imhof's preference order for point labels): for each label,
/// most important first, try upper-right, lower-right, upper-left, lower-left of the symbol; take the
/// first box that stays inside `bounds` and touches no placed label and no obstacle (site symbols,
/// legend and inset boxes, the scale bar, river names); otherwise drop it.
struct LabelPlacer {
    var bounds: Rect
    var obstacles: [Rect]
    var placed: [Rect] = []

    init(bounds: Rect, obstacles: [Rect]) { self.bounds = bounds; self.obstacles = obstacles }

    /// Space between symbol edge and text.
    static let gap = 0.5

    mutating func place(_ text: String, x sx: Double, y sy: Double, symbolRadius r: Double, fontSize f: Double) -> PlacedLabel? {
        let w = TextMetrics.width(text, size: f)
        let h = f * 1.2
        let d = r + Self.gap
        // Boxes beside the symbol, vertically offset so the text sits off the symbol's corner.
        let upY = sy - h + f * 0.15 - r * 0.35, lowY = sy - f * 0.15 + r * 0.35
        let candidates: [(String, Rect, String)] = [
            ("UR", Rect(x: sx + d, y: upY, w: w, h: h), "start"),
            ("LR", Rect(x: sx + d, y: lowY, w: w, h: h), "start"),
            ("UL", Rect(x: sx - d - w, y: upY, w: w, h: h), "end"),
            ("LL", Rect(x: sx - d - w, y: lowY, w: w, h: h), "end"),
        ]
        for (pos, box, anchor) in candidates {
            guard bounds.contains(box) else { continue }
            if placed.contains(where: { $0.intersects(box) }) { continue }
            if obstacles.contains(where: { $0.intersects(box) }) { continue }
            placed.append(box)
            // Baseline: descenders take about a fifth of the box.
            let baseline = box.y + h * 0.78
            return PlacedLabel(text: text, box: box, x: anchor == "start" ? box.x : box.maxX, y: baseline, anchor: anchor, position: pos)
        }
        return nil
    }
}
