package dev.starling.visualizer.export;

/** A rendered export, ready to be written as an HTTP response body. */
public record Rendering(ExportFormat format, String body) {

    public String mediaType() {
        return format.mediaType();
    }
}
