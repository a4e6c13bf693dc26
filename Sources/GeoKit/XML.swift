import Foundation

/// XML text and attribute escaping. Names come from other agencies' files, so anything may be in them.
public enum XML {
    /// Escapes & < > " ' ; keeps tab, newline and carriage return as character references (so attribute
    /// values survive attribute-value normalisation); other characters XML 1.0 forbids even as
    /// references (C0 controls, U+FFFE, U+FFFF) become U+FFFD.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// A name as one line for display: line breaks and other controls become single spaces.
    public static func oneLine(_ s: String) -> String {
        var out = ""
        var lastSpace = false
        for u in s.unicodeScalars {
            let isSpace = u.properties.isWhitespace || u.value < 0x20 || u.value == 0x7F
            if isSpace {
                if !lastSpace && !out.isEmpty { out += " " }
                lastSpace = true
            } else {
                out.unicodeScalars.append(u); lastSpace = false
            }
        }
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }
}
