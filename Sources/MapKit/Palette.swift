/// Colours. Hazard classes use ColorBrewer YlOrRd (sequential: darker = more hazardous, readable in
/// grey print and by most colour-blind readers); countries use pale ColorBrewer Pastel1 hues that
/// avoid the reds/yellows of the hazard scale and the blue of water.
public enum Palette {
    /// ColorBrewer YlOrRd, 3 to 9 classes (Cynthia Brewer, colorbrewer2.org, Apache-2.0 licence).
    static let ylOrRd: [Int: [String]] = [
        3: ["#ffeda0", "#feb24c", "#f03b20"],
        4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
        5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
        6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
        7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
        8: ["#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
        9: ["#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026"],
    ]

    /// The colours for `n` classes, lowest first. One or two classes take the upper end of the
    /// 3-class scheme (a single class is still a hazard, not "pale"); more than 9 repeat the darkest.
    static func hazard(classes n: Int) -> [String] {
        switch n {
        case ..<1: return []
        case 1: return ["#f03b20"]
        case 2: return ["#feb24c", "#f03b20"]
        case 3...9: return ylOrRd[n]!
        default: return ylOrRd[9]! + Array(repeating: "#800026", count: n - 9)
        }
    }

    public static let unscored = "#bdbdbd"

    /// Pastel1 green, purple, beige, grey, then its blue (least wanted: it reads as water).
    public static let countries = ["#ccebc5", "#decbe4", "#e5d8bd", "#ececec", "#b3cde3"]

    public static let waterFill = "#c6dbef"
    public static let waterLine = "#4a90c2"
    public static let historicalFill = "#eaf3fa"
    public static let riverNetwork = "#2171b5"
    public static let riverContext = "#8fb8da"
    public static let border = "#3a3a3a"
    public static let trace = "#6a3d9a"
    public static let zone = "#e31a1c"
    static let transboundary = "#08306b"
    static let transboundaryUnknown = "#636363"
    static let classMayChange = "#000000"
    static let aggregate = "#737373"
    static let graticule = "#9a9a9a"
    static let text = "#1a1a1a"
}
