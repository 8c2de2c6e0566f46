package dev.starling.chaos.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.chaos.report.Median;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A Starling lab report next to a Chromium full mesh of the same size, reduced to the figures a
 * user feels (audio and video latency, frame rate received, CPU per participant) and their ratios.
 * Pure: two reports in, one comparison out.
 *
 * <p>Per side: the median and the worst directed pair's audio p50, the median pair's video p50
 * and the number of pairs whose video was measured at all, the median pair's received frame rate,
 * and the mean CPU per node (Starling) or per peer (Chromium; its shared browser processes split
 * evenly). A ratio is Starling over Chromium: below 1 Starling is lower (better for latency and
 * CPU, worse for frame rate).
 */
public final class MeshComparison {
    private final ObjectMapper json;

    public MeshComparison(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode compare(JsonNode starling, JsonNode chromium) {
        ObjectNode out = json.createObjectNode();
        ObjectNode ours = starlingSide(starling);
        ObjectNode theirs = chromiumSide(chromium);
        out.set("starling", ours);
        out.set("chromium", theirs);
        ObjectNode ratio = out.putObject("ratio");
        theirs.fieldNames().forEachRemaining(field -> {
            if (ours.path(field).isNumber()
                    && theirs.path(field).isNumber()
                    && theirs.path(field).asDouble() != 0) {
                ratio.put(
                        field,
                        round(ours.path(field).asDouble() / theirs.path(field).asDouble(), 2));
            }
        });
        return out;
    }

    private ObjectNode starlingSide(JsonNode report) {
        double seconds = report.path("lab").path("seconds").asDouble(0);
        List<Double> cpu = new ArrayList<>();
        report.path("nodes").forEach(node -> addIfNumber(cpu, node.path("cpu_pct")));
        return side(report, video -> seconds > 0 ? video.path("frames").asDouble(0) / seconds : Double.NaN, mean(cpu));
    }

    private ObjectNode chromiumSide(JsonNode report) {
        JsonNode cpu = report.path("cpu").path("per_peer_with_shared_split_pct");
        double perPeer = cpu.isNumber()
                ? cpu.asDouble()
                : report.path("cpu").path("per_peer_pct").asDouble(Double.NaN);
        return side(report, video -> video.path("decoded_fps").asDouble(Double.NaN), perPeer);
    }

    /** Both reports give each pair as {"audio": {"p50_ms"}, "video": {"p50_ms", ...}}; only the frame rate differs. */
    private ObjectNode side(JsonNode report, ToDoubleFunction<JsonNode> fpsOfVideo, double cpu) {
        List<Double> audio = new ArrayList<>();
        List<Double> video = new ArrayList<>();
        List<Double> fps = new ArrayList<>();
        for (JsonNode pair : report.path("pairs")) {
            addIfNumber(audio, pair.path("audio").path("p50_ms"));
            addIfNumber(video, pair.path("video").path("p50_ms"));
            double rate = fpsOfVideo.applyAsDouble(pair.path("video"));
            if (!Double.isNaN(rate)) {
                fps.add(rate);
            }
        }
        return side(report.path("pairs").size(), audio, video, fps, cpu);
    }

    private ObjectNode side(int pairs, List<Double> audio, List<Double> video, List<Double> fps, double cpu) {
        ObjectNode side = json.createObjectNode();
        side.put("pairs", pairs);
        putIfPresent(side, "audio_p50_median_pair_ms", Median.of(audio));
        putIfPresent(side, "audio_p50_worst_pair_ms", audio.isEmpty() ? Double.NaN : Collections.max(audio));
        putIfPresent(side, "video_p50_median_pair_ms", Median.of(video));
        side.put("video_pairs_measured", video.size());
        putIfPresent(side, "fps_received_median_pair", Median.of(fps));
        putIfPresent(side, "cpu_pct_per_participant", cpu);
        return side;
    }

    /** One line per figure: Starling, Chromium, ratio. */
    public static String table(JsonNode comparison) {
        StringBuilder out = new StringBuilder(
                String.format(Locale.ROOT, "%-28s %12s %12s %8s%n", "", "starling", "chromium", "ratio"));
        comparison
                .path("chromium")
                .fieldNames()
                .forEachRemaining(field -> out.append(String.format(
                        Locale.ROOT,
                        "%-28s %12s %12s %8s%n",
                        field,
                        text(comparison.path("starling").path(field)),
                        text(comparison.path("chromium").path(field)),
                        text(comparison.path("ratio").path(field)))));
        return out.toString();
    }

    private static String text(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }

    private static void addIfNumber(List<Double> values, JsonNode value) {
        if (value.isNumber()) {
            values.add(value.asDouble());
        }
    }

    private static void putIfPresent(ObjectNode side, String field, double value) {
        if (!Double.isNaN(value)) {
            side.put(field, round(value, 1));
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
