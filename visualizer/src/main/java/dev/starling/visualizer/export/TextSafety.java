package dev.starling.visualizer.export;

/** Escaping for the text formats we emit by hand or post-process. Peer names are untrusted. */
final class TextSafety {

    private TextSafety() {}

    /**
     * XML 1.0 text/attribute escaping. Characters XML cannot carry at all (most C0 controls,
     * lone surrogates, U+FFFE/FFFF) are replaced, because a single one makes the whole SVG
     * unparseable, which is exactly the "absurd name breaks the page" failure we must avoid.
     */
    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.appendCodePoint(xmlAllowed(cp) ? cp : 0xFFFD);
            }
        });
        return b.toString();
    }

    private static boolean xmlAllowed(int cp) {
        return cp == 0x9
                || cp == 0xA
                || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    /**
     * Prepares a value for a quoted DOT string. JGraphT's DOTExporter escapes double quotes only.
     * Backslashes are doubled so Graphviz's label escapes (\\N, \\l, ...) cannot be triggered by a
     * name, and newlines become DOT's "\\n". DOT's lexer has no way to express a backslash right
     * before the closing quote (it always reads \\" as an escaped quote, which would let the rest
     * of the line be parsed as DOT), so a trailing backslash gets a space appended.
     */
    static String dot(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        s.codePoints().forEach(cp -> {
            if (cp == '\\') {
                b.append("\\\\");
            } else if (cp == '\n') {
                b.append("\\n");
            } else if (cp < 0x20 || cp == 0x7F) {
                b.append(' ');
            } else {
                b.appendCodePoint(cp);
            }
        });
        if (b.length() > 0 && b.charAt(b.length() - 1) == '\\') {
            b.append(' ');
        }
        return b.toString();
    }

    /** A complete quoted DOT string, for the places DOTExporter writes values verbatim. */
    static String dotQuoted(String s) {
        return "\"" + dot(s).replace("\"", "\\\"") + "\"";
    }

    /** Shortens by code points (never splitting a surrogate pair) for on-canvas labels. */
    static String shorten(String s, int maxCodePoints) {
        if (s.codePointCount(0, s.length()) <= maxCodePoints) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, maxCodePoints - 1)) + "…";
    }
}
