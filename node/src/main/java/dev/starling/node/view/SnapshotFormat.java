package dev.starling.node.view;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code --snapshot FILE} writes, chosen by the file's extension. */
public enum SnapshotFormat {
    SVG("svg", "svg"),
    DOT("dot", "dot"),
    JSON("json", "json"),
    /** The node's SVG, rasterised by headless Chromium. */
    PNG("png", "svg");

    private final String extension;
    private final String apiFormat;

    SnapshotFormat(String extension, String apiFormat) {
        this.extension = extension;
        this.apiFormat = apiFormat;
    }

    /** The {@code format} asked of {@code /api/topology}. */
    public String apiFormat() {
        return apiFormat;
    }

    public static SnapshotFormat of(Path file) {
        Path name = file.getFileName();
        String text = name == null ? "" : name.toString();
        int dot = text.lastIndexOf('.');
        String ext = dot < 0 ? "" : text.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (SnapshotFormat f : values()) {
            if (f.extension.equals(ext)) {
                return f;
            }
        }
        throw new IllegalArgumentException("cannot tell the picture format of '" + file + "': use one of "
                + Arrays.stream(values()).map(f -> "." + f.extension).collect(Collectors.joining(", ")));
    }
}
