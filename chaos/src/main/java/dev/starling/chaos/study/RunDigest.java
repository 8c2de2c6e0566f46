package dev.starling.chaos.study;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.chaos.report.Median;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one lab run says per peer class. A pair counts for the class of its receiver (what the
 * weak peers hear and see: latencies, and the rate at which each peer's pictures reach them); a
 * node's upload and CPU for its own class. Each figure is the median
 * over the class's pairs or nodes (the share of pairs heard: their mean); NaN where nothing was
 * measured.
 *
 * @param mixers node numbers that mixed, ascending (empty in a mesh)
 * @param ranking node numbers the run's election ranked, best first (empty without one)
 * @param figures per class, per figure
 */
public record RunDigest(
        int repeat,
        StudyArm arm,
        List<Integer> mixers,
        List<Integer> ranking,
        Map<String, Map<Figure, Double>> figures) {

    private static final Pattern NODE_NUMBER = Pattern.compile("peer(\\d+)(-.*)?");

    /** Reads a lab report ({@code starling lab --measure latency --json}). */
    public static RunDigest of(int repeat, StudyArm arm, JsonNode report, PeerClasses room) {
        Map<String, Integer> numberById = new HashMap<>();
        for (JsonNode node : report.path("nodes")) {
            Matcher m = NODE_NUMBER.matcher(node.path("name").asText());
            if (m.matches()) {
                numberById.put(node.path("id").asText(), Integer.parseInt(m.group(1)));
            }
        }
        Map<String, Map<Figure, List<Double>>> samples = new LinkedHashMap<>();
        for (String c : room.strongestFirst()) {
            samples.put(c, new EnumMap<>(Figure.class));
        }
        // A pair's frames are the sender's pictures the receiver saw, each counted once, whichever
        // way they came (a mixer's composite included): the rate at which it sees that peer.
        double seconds = report.path("lab").path("seconds").asDouble(0);
        for (JsonNode pair : report.path("pairs")) {
            Integer to = numberById.get(pair.path("to").asText());
            if (to == null) {
                continue;
            }
            Map<Figure, List<Double>> into = samples.get(room.classOf(to));
            JsonNode audio = pair.path("audio");
            JsonNode video = pair.path("video");
            boolean heard = audio.path("samples").asInt(0) > 0;
            add(into, Figure.AUDIBLE, heard ? 100 : 0);
            if (heard) {
                add(into, Figure.AUDIO_P50, audio.path("p50_ms").asDouble(Double.NaN));
                add(into, Figure.AUDIO_P95, audio.path("p95_ms").asDouble(Double.NaN));
            }
            if (seconds > 0) {
                add(into, Figure.FPS, video.path("frames").asInt(0) / seconds);
            }
            if (video.path("frames").asInt(0) > 0) {
                add(into, Figure.VIDEO_P50, video.path("p50_ms").asDouble(Double.NaN));
                add(into, Figure.VIDEO_P95, video.path("p95_ms").asDouble(Double.NaN));
            }
        }
        for (JsonNode node : report.path("nodes")) {
            Integer k = numberById.get(node.path("id").asText());
            if (k != null) {
                Map<Figure, List<Double>> into = samples.get(room.classOf(k));
                add(into, Figure.UPLOAD, node.path("up_kbps").asDouble(Double.NaN));
                add(into, Figure.CPU, node.path("cpu_pct").asDouble(Double.NaN));
            }
        }
        for (JsonNode peer : report.path("failover").path("peers")) {
            Integer k = numberById.get(peer.path("id").asText());
            if (k != null && peer.has("gap_ms")) {
                add(
                        samples.get(room.classOf(k)),
                        Figure.FAILOVER_GAP,
                        peer.path("gap_ms").asDouble());
            }
        }
        Map<String, Map<Figure, Double>> figures = new LinkedHashMap<>();
        samples.forEach((c, byFigure) -> {
            Map<Figure, Double> medians = new EnumMap<>(Figure.class);
            for (Figure f : Figure.values()) {
                List<Double> values = byFigure.getOrDefault(f, List.of());
                // The share of pairs heard is a mean of 0s and 100s; every other figure a median.
                medians.put(f, f == Figure.AUDIBLE ? mean(values) : Median.of(values));
            }
            figures.put(c, Collections.unmodifiableMap(medians));
        });
        JsonNode election = report.path("election");
        List<Integer> mixers = new ArrayList<>();
        List<Integer> ranking = new ArrayList<>();
        if (arm.hasMixers()) {
            election.path("mixers").forEach(id -> {
                Integer k = numberById.get(id.asText());
                if (k != null) {
                    mixers.add(k);
                }
            });
            election.path("scores").forEach(s -> {
                Integer k = numberById.get(s.path("peer").asText());
                if (k != null) {
                    ranking.add(k);
                }
            });
        }
        Collections.sort(mixers);
        return new RunDigest(repeat, arm, List.copyOf(mixers), List.copyOf(ranking), Map.copyOf(figures));
    }

    public double figure(String className, Figure figure) {
        return figures.getOrDefault(className, Map.of()).getOrDefault(figure, Double.NaN);
    }

    private static void add(Map<Figure, List<Double>> into, Figure figure, double value) {
        if (!Double.isNaN(value)) {
            into.computeIfAbsent(figure, f -> new ArrayList<>()).add(value);
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
