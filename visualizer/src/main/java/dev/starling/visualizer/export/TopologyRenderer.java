package dev.starling.visualizer.export;

import dev.starling.visualizer.model.TopologySnapshot;
import java.util.Map;

/**
 * Entry point for {@code GET /api/topology?format=json|dot|svg}: lays the snapshot out once and
 * hands the same positions to whichever exporter is asked for, so all three formats agree.
 */
public final class TopologyRenderer {

    private final TopologyLayout layout;
    private final JsonExport json;
    private final DotExport dot;
    private final SvgExport svg;

    public TopologyRenderer(TopologyLayout layout, JsonExport json, DotExport dot, SvgExport svg) {
        this.layout = layout;
        this.json = json;
        this.dot = dot;
        this.svg = svg;
    }

    public TopologyRenderer() {
        this(new TopologyLayout(), new JsonExport(), new DotExport(), new SvgExport());
    }

    public Rendering render(TopologySnapshot snapshot, ExportFormat format) {
        Map<String, Point> positions = layout.compute(snapshot);
        String body = switch (format) {
            case JSON -> json.export(snapshot, positions);
            case DOT -> dot.export(snapshot, positions);
            case SVG -> svg.export(snapshot, positions);
        };
        return new Rendering(format, body);
    }

    /**
     * String form for query parameters.
     *
     * @throws IllegalArgumentException for anything but json, dot or svg (map it to HTTP 400)
     */
    public Rendering render(TopologySnapshot snapshot, String format) {
        return render(
                snapshot,
                ExportFormat.parse(format)
                        .orElseThrow(() -> new IllegalArgumentException("format must be json, dot or svg")));
    }
}
