package dev.starling.visualizer.export;

import java.util.Locale;
import java.util.Optional;

/** The formats of {@code GET /api/topology?format=...}, with the media type to send. */
public enum ExportFormat {
    JSON("application/json; charset=utf-8"),
    DOT("text/vnd.graphviz; charset=utf-8"),
    SVG("image/svg+xml; charset=utf-8");

    private final String mediaType;

    ExportFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<ExportFormat> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
