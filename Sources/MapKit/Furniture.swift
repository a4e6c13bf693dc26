import Foundation
import GeoKit

enum Corner { case bottomLeft, bottomRight }

extension MapRenderer {
    /// The lon/lat range a frame shows (its outline inverse-projected; on a conic the extreme latitude
    /// can lie mid-edge, so the outline is sampled, not just the corners).
    func lonLatRange(_ v: MapView) throws -> Envelope {
        var pts: [Coordinate] = []
        let f = v.frame, n = 24
        for i in 0...n {
            let t = Double(i) / Double(n)
            pts.append(v.projected(f.x + t * f.w, f.y)); pts.append(v.projected(f.x + t * f.w, f.maxY))
            pts.append(v.projected(f.x, f.y + t * f.h)); pts.append(v.projected(f.maxX, f.y + t * f.h))
        }
        return Envelope(of: try proj.inverse(pts))!
    }

    /// Meridians and parallels as page polylines, sampled every 0.1° so meridians converge and parallels
    /// curve as the conic has them.
    func graticuleLines(_ v: MapView, step: Double) throws -> (meridians: [(Double, [PagePoint])], parallels: [(Double, [PagePoint])]) {
        let r = try lonLatRange(v)
        let lon0 = (r.minX / step).rounded(.down) * step, lon1 = (r.maxX / step).rounded(.up) * step
        let lat0 = max(-80, (r.minY / step).rounded(.down) * step - step), lat1 = min(80, (r.maxY / step).rounded(.up) * step + step)
        var meridians: [(Double, [PagePoint])] = [], parallels: [(Double, [PagePoint])] = []
        var lon = lon0
        while lon <= lon1 + 1e-9 {
            let n = Int(((lat1 - lat0) / 0.1).rounded())
            let ll = (0...n).map { Coordinate(lon: lon, lat: lat0 + Double($0) * 0.1) }
            meridians.append((lon, try proj.forward(ll).map(v.page)))
            lon += step
        }
        var lat = (r.minY / step).rounded(.down) * step
        while lat <= (r.maxY / step).rounded(.up) * step + 1e-9 {
            let a = lon0 - step, n = Int(((lon1 + step - a) / 0.1).rounded())
            let ll = (0...n).map { Coordinate(lon: a + Double($0) * 0.1, lat: lat) }
            parallels.append((lat, try proj.forward(ll).map(v.page)))
            lat += step
        }
        return (meridians, parallels)
    }

    func graticule(_ v: MapView, id: String, step: Double) throws {
        let g = try graticuleLines(v, step: step)
        let d = SVGOut.pathData(g.meridians.map(\.1) + g.parallels.map(\.1), close: false)
        body.line("<path id=\"\(id)-graticule\" fill=\"none\" stroke=\"\(Palette.graticule)\" stroke-width=\"0.15\" stroke-opacity=\"0.8\" d=\"\(d)\"/>")
    }

    static func degrees(_ d: Double, _ pos: String, _ neg: String) -> String {
        let v = Int(d.rounded())
        return "\(abs(v))°\(v < 0 ? neg : pos)"
    }

    /// A graticule degree in the map's language: 70°E, 70° в. д.
    func degrees(_ d: Double, lon: Bool) -> String {
        lon ? Self.degrees(d, words.t("degree.east"), words.t("degree.west")) : Self.degrees(d, words.t("degree.north"), words.t("degree.south"))
    }

    /// Degree labels where meridians cross the top and bottom edges and parallels the left and right.
    func graticuleLabels(_ v: MapView, step: Double) throws {
        let g = try graticuleLines(v, step: step)
        let f = v.frame
        body.line("<g id=\"graticule-labels\">")
        func crossing(_ pts: [PagePoint], y: Double) -> Double? {
            for i in 1..<pts.count {
                let a = pts[i - 1], b = pts[i]
                if (a.y - y) * (b.y - y) <= 0 && a.y != b.y { return a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y) }
            }
            return nil
        }
        func crossing(_ pts: [PagePoint], x: Double) -> Double? {
            for i in 1..<pts.count {
                let a = pts[i - 1], b = pts[i]
                if (a.x - x) * (b.x - x) <= 0 && a.x != b.x { return a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x) }
            }
            return nil
        }
        for (lon, pts) in g.meridians {
            let t = degrees(lon, lon: true)
            if let x = crossing(pts, y: f.maxY), x > f.x + 4, x < f.maxX - 4 {
                body.text(x, f.maxY + 2.9, t, attrs: "class=\"grat-label\" text-anchor=\"middle\"")
            }
            if let x = crossing(pts, y: f.y), x > f.x + 4, x < f.maxX - 4 {
                body.text(x, f.y - 1, t, attrs: "class=\"grat-label\" text-anchor=\"middle\"")
            }
        }
        for (lat, pts) in g.parallels {
            let t = degrees(lat, lon: false)
            if let y = crossing(pts, x: f.x), y > f.y + 3, y < f.maxY - 3 {
                body.text(f.x - 0.8, y + 0.8, t, attrs: "class=\"grat-label\" text-anchor=\"end\"")
            }
            if let y = crossing(pts, x: f.maxX), y > f.y + 3, y < f.maxY - 3 {
                body.text(f.maxX + 0.8, y + 0.8, t, attrs: "class=\"grat-label\"")
            }
        }
        body.line("</g>")
    }

    /// The page length of `metres` along a horizontal line starting at (x1, y): the ends are
    /// inverse-projected and measured on the WGS84 ellipsoid (geodesic), so the bar is right for this
    /// projection at this place rather than for a nominal scale.
    func barLength(_ v: MapView, metres: Double, x1: Double, y: Double) throws -> Double {
        var len = metres * v.k
        let a = try proj.inverse(v.projected(x1, y))
        for _ in 0..<6 {
            let b = try proj.inverse(v.projected(x1 + len, y))
            let g = Geodesic.wgs84.distance(a, b)
            guard g > 0 else { break }
            len *= metres / g
        }
        return len
    }

    static func grouped(_ n: Int) -> String {
        var s = String(n), out = ""
        while s.count > 3 { out = " " + String(s.suffix(3)) + out; s.removeLast(3) }
        return s + out
    }

    /// A scale bar with a round length, valid at its place on the page; returns its box.
    func scaleBar(_ v: MapView, id: String, corner: Corner, maxLength: Double, fontSize fs: Double) throws -> Rect {
        let f = v.frame
        let kmChoices = [1000, 500, 250, 200, 100, 50, 25, 20, 10, 5, 2, 1]
        let km = kmChoices.first { Double($0) * 1000 * v.k <= maxLength } ?? 1
        let unit = words.t("scale.unit", String(km))
        let boxH = fs * 2.6 + 3.2
        let y = f.maxY - 3 - boxH + fs * 1.2 + 1.2     // bar top edge
        // Box width from a first measurement; the final length is measured where the bar really starts.
        let first = try barLength(v, metres: Double(km) * 1000, x1: f.x + 6, y: y)
        let centre = try proj.inverse(v.projected(f.x + 6 + first / 2, y))
        let denominator = Double(km) * 1e6 / first
        let mag = pow(10, (log10(denominator)).rounded(.down) - 2)
        let nominal = Int((denominator / mag).rounded() * mag)
        let caption = words.t("scale.caption", words.grouped(nominal), degrees(centre.lat, lon: false))
        let w = max(3 + first + TextMetrics.width(unit, size: fs) / 2 + 2, TextMetrics.width(caption, size: fs * 0.85) + 5)
        let box = Rect(x: corner == .bottomLeft ? f.x + 3 : f.maxX - 3 - w, y: f.maxY - 3 - boxH, w: w, h: boxH)
        let sx = box.x + 3
        let L = try barLength(v, metres: Double(km) * 1000, x1: sx, y: y)
        let ex = sx + L
        body.line("<g id=\"\(id)\" data-km=\"\(km)\" data-x1=\"\(mm(sx))\" data-x2=\"\(mm(ex))\" data-y=\"\(mm(y))\">")
        body.line("<rect x=\"\(mm(box.x))\" y=\"\(mm(box.y))\" width=\"\(mm(box.w))\" height=\"\(mm(box.h))\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#999999\" stroke-width=\"0.15\"/>")
        let bh = 1.2
        for k in 0..<4 {
            let a = sx + L * Double(k) / 4
            body.line("<rect x=\"\(mm(a))\" y=\"\(mm(y))\" width=\"\(mm(L / 4))\" height=\"\(mm(bh))\" fill=\"\(k % 2 == 0 ? "#222222" : "#ffffff")\" stroke=\"#222222\" stroke-width=\"0.15\"/>")
        }
        body.text(sx, y - 0.6, "0", attrs: "font-size=\"\(mm(fs))\" text-anchor=\"middle\"")
        let half = km % 2 == 0 ? "\(km / 2)" : words.fixed(Double(km) / 2, decimals: 1)
        body.text(sx + L / 2, y - 0.6, half, attrs: "font-size=\"\(mm(fs))\" text-anchor=\"middle\"")
        body.text(ex, y - 0.6, unit, attrs: "font-size=\"\(mm(fs))\" text-anchor=\"middle\"")
        body.text(sx - 1, y + bh + fs * 0.85 + 0.6, caption, attrs: "font-size=\"\(mm(fs * 0.85))\" fill=\"#333333\"")
        body.line("</g>")
        return box
    }
}
