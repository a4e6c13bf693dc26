import XCTest
import Foundation

/// report.html as a reader gets it: written by the real binary on the default basin in both languages,
/// then loaded by Debian's headless chromium (DOM, screenshot, print to PDF, console).
final class ReportBrowserTests: XCTestCase {
    let cmd = E2E()

    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs chromium headless on `file` with `args`; returns its status, stdout and stderr.
    func browser(_ args: [String], _ file: String, profile: String) throws -> (status: Int32, out: String, err: String) {
        try E2E.process(URL(fileURLWithPath: Self.chromium!),
                        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--user-data-dir=\(profile)"] + args + [URL(fileURLWithPath: file).absoluteString])
    }

    /// Console errors chromium logged (script errors, anything the page's Content-Security-Policy refused).
    func consoleErrors(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { $0.contains("CONSOLE") && ($0.contains("Uncaught") || $0.contains("Refused") || $0.contains("Error")) }
    }

    func count(_ pattern: String, in text: String) throws -> Int {
        try NSRegularExpression(pattern: pattern).numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    /// Prints `file` to PDF and counts its pages (page objects, not the /Pages tree).
    func pdfPages(_ file: String, root: String, lang: String) throws -> Int {
        let pdf = file + ".pdf"
        let printed = try browser(["--no-pdf-header-footer", "--print-to-pdf=\(pdf)"], file, profile: "\(root)/profile-\(lang)")
        XCTAssertEqual(printed.status, 0, printed.err)
        return try count(#"/Type\s*/Page(?![a-zA-Z])"#, in: String(decoding: try Data(contentsOf: URL(fileURLWithPath: pdf)), as: UTF8.self))
    }

    func python(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let o = Pipe()
        p.standardOutput = o
        try p.run()
        let d = o.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: d, as: UTF8.self)
    }

    func testTheReportLoadsPrintsAndSpeaksBothLanguagesInARealBrowser() throws {
        guard Self.chromium != nil else { throw XCTSkip("chromium is not installed (apt-get install chromium; .ci/run installs it): the browser checks of report.html were not run") }
        let root = cmd.tmp()
        let basinJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cmd.basin + "/basin.json"))) as! [String: Any]
        let basinCountries = basinJSON["countries"] as! [[String: Any]]
        var reports: [String: String] = [:]
        var sitesAccepted = 0
        for lang in ["en", "ru"] {
            let out = "\(root)/\(lang)"
            let r = try cmd.run(["run", cmd.basin, "--out", out, "--quiet", "--lang", lang])
            XCTAssertEqual(r.status, 0, r.err)
            reports[lang] = "\(out)/report.html"
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json"))) as! [String: Any]
            sitesAccepted = ((summary["counts"] as! [String: Any])["accepted"] as! NSNumber).intValue
            XCTAssertTrue((summary["outputs"] as! [[String: Any]]).contains { $0["file"] as? String == "report.html" }, "summary lists report.html")
        }
        XCTAssertGreaterThan(sitesAccepted, 10)
        // Byte-identical across runs.
        let again = "\(root)/en-again"
        XCTAssertEqual(try cmd.run(["run", cmd.basin, "--out", again, "--quiet", "--lang", "en"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: again + "/report.html")), try Data(contentsOf: URL(fileURLWithPath: reports["en"]!)))
        XCTAssertEqual(try cmd.run(["run", cmd.basin, "--out", "\(root)/bad", "--lang", "de"]).status, 64)

        for (lang, file) in reports.sorted(by: { $0.key < $1.key }) {
            let html = try String(contentsOfFile: file, encoding: .utf8)
            // (d) nothing is fetched: no remote URL where a browser would load one, and a CSP that forbids it.
            XCTAssertEqual(try count(#"(?i)(src|href)\s*=\s*["']?\s*(https?:)?//"#, in: html), 0, "\(lang): a src/href leaves the file")
            XCTAssertEqual(try count(#"(?i)url\(\s*["']?\s*(https?:)?//"#, in: html), 0, "\(lang): a url() leaves the file")
            XCTAssertEqual(try count(#"(?i)@import"#, in: html), 0)
            XCTAssertTrue(html.contains("default-src 'none'"), "\(lang): the Content-Security-Policy forbids every load")

            // (a) the DOM after scripts ran, with the console logged.
            let dom = try browser(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom"], file, profile: "\(root)/profile-\(lang)")
            XCTAssertEqual(dom.status, 0, dom.err)
            XCTAssertEqual(consoleErrors(dom.err), [], "\(lang): console errors")
            XCTAssertEqual(try count(#"<section class="r-page r-site""#, in: dom.out), sitesAccepted, "\(lang): one sheet per site")
            XCTAssertEqual(try count(#"<tr><td data-v="#, in: dom.out), sitesAccepted, "\(lang): one table row per site")
            XCTAssertTrue(dom.out.contains("<svg"), "\(lang): the map is inline")
            if lang == "en" {
                for t in ["Sites ranked by risk", "records read", "Downstream path", "UNECE Industrial Accidents Convention", "Data sources", "Kyrgyzstan"] {
                    XCTAssertTrue(dom.out.contains(t), "en: missing '\(t)'")
                }
                XCTAssertGreaterThan(try count(#"\d\.\d(\x{A0}|&nbsp;)(km|h|d)\b"#, in: dom.out), 10, "en: decimal point and km/h/d")
            } else {
                for t in ["Объекты по степени риска", "записей прочитано", "Путь вниз по течению", "Конвенция ЕЭК ООН", "Источники данных"] {
                    XCTAssertTrue(dom.out.contains(t), "ru: missing '\(t)'")
                }
                // Country names in Russian come from the basin data.
                for c in basinCountries { XCTAssertTrue(dom.out.contains(c["name_ru"] as! String), "ru: missing \(c["name_ru"]!)") }
                XCTAssertGreaterThan(try count(#"\d,\d(\x{A0}|&nbsp;)(км|ч|сут)"#, in: dom.out), 10, "ru: decimal comma and км/ч/сут")
                XCTAssertEqual(try count(#"\d\.\d(\x{A0}|&nbsp;)(км|ч|сут)"#, in: dom.out), 0, "ru: no decimal point")
                XCTAssertFalse(dom.out.contains("Sites ranked by risk"))
            }

            // (c) printed to A4, each site sheet is exactly one page of its own: the whole report has as
            // many pages as the report without its sheets, plus one per site (the cover, the table and the
            // sources each start a page, so that part has at least 3).
            let full = try pdfPages(file, root: root, lang: lang)
            let noSheets = "\(root)/\(lang)-no-sheets.html"
            try html.replacingOccurrences(of: "</head>", with: "<style>section.r-site { display: none; }</style></head>").write(toFile: noSheets, atomically: true, encoding: .utf8)
            let fixed = try pdfPages(noSheets, root: root, lang: lang)
            print("report.html \(lang): \(sitesAccepted) site sheets, \(full) PDF pages (\(fixed) before the sheets)")
            XCTAssertGreaterThanOrEqual(fixed, 3, "\(lang): cover, table and sources start pages of their own")
            XCTAssertLessThanOrEqual(fixed, 5, "\(lang): cover, table and sources stay short")
            XCTAssertEqual(full, fixed + sitesAccepted, "\(lang): one A4 page per site sheet")
        }

        // (b) a screenshot that is not blank.
        let png = "\(root)/en.png"
        let shot = try browser(["--hide-scrollbars", "--window-size=1200,1500", "--screenshot=\(png)"], reports["en"]!, profile: "\(root)/profile-en")
        XCTAssertEqual(shot.status, 0, shot.err)
        let stats = try python([CommandTests.root.appendingPathComponent("scripts/png-colours.py").path, png]).split(separator: " ")
        XCTAssertEqual(stats.count, 4, "png-colours.py: \(stats)")
        print("report.html screenshot: \(stats.joined(separator: " ")) (width height colours non-white)")
        XCTAssertGreaterThan(Int(stats[2]) ?? 0, 50, "distinct colours")
        XCTAssertGreaterThan(Double(stats[3].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, 0.05, "share of non-white pixels")

        // The table sorts: two clicks on the rank heading put the ranks in descending order.
        let clicked = "\(root)/clicked.html"
        try String(contentsOfFile: reports["en"]!, encoding: .utf8)
            .replacingOccurrences(of: "</body>", with: "<script>var h = document.querySelector('#ranked th'); h.click(); h.click();</script></body>")
            .write(toFile: clicked, atomically: true, encoding: .utf8)
        let sorted = try browser(["--virtual-time-budget=2000", "--dump-dom"], clicked, profile: "\(root)/profile-en")
        let ranks = try NSRegularExpression(pattern: #"<tr><td data-v="(\d+)""#).matches(in: sorted.out, range: NSRange(sorted.out.startIndex..., in: sorted.out))
            .map { Int(sorted.out[Range($0.range(at: 1), in: sorted.out)!])! }
        XCTAssertEqual(ranks, Array((1...sitesAccepted).reversed()), "rank column sorted descending after two clicks")
        XCTAssertTrue(sorted.out.contains(#"aria-sort="descending""#))

        // The console check can fail: the same page with a broken script and a remote image logs errors.
        let broken = "\(root)/broken.html"
        let bad = try String(contentsOfFile: reports["en"]!, encoding: .utf8)
            .replacingOccurrences(of: "</body>", with: "<img src=\"https://example.invalid/x.png\"><script>notAFunction();</script></body>")
        try bad.write(toFile: broken, atomically: true, encoding: .utf8)
        let b = try browser(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom"], broken, profile: "\(root)/profile-en")
        XCTAssertGreaterThanOrEqual(consoleErrors(b.err).count, 1, "a broken page must show console errors: \(b.err.suffix(2000))")
    }
}
