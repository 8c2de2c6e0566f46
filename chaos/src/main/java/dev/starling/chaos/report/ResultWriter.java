package dev.starling.chaos.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Writes results as {@code <scenario>.json} (everything, including the CDF and the live series) and
 * {@code <scenario>.csv} (one header line, one row), and a suite's {@code summary.csv} (one row per
 * scenario). Numbers use a dot and no grouping whatever the locale; a missing figure is empty in
 * CSV and null in JSON.
 */
public final class ResultWriter {
    /** The CSV columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "scenario",
            "profile",
            "mixers",
            "backend",
            "status",
            "seconds",
            "from",
            "to",
            "hops",
            "samples",
            "p50_ms",
            "p95_ms",
            "max_ms",
            "packets_lost",
            "concealed_samples",
            "audio_gap_ms",
            "elections",
            "room_recovered_ms",
            "roles");

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ObjectNode toJson(ScenarioResult r) {
        ObjectNode o = json.createObjectNode();
        o.put("scenario", r.scenario());
        o.put("label", r.label());
        o.put("profile", r.profile());
        o.put("mixers", r.mixers());
        o.put("backend", r.backend());
        o.put("status", r.status());
        o.put("seconds", r.seconds());
        o.put("from", r.from());
        o.put("to", r.to());
        ObjectNode roles = o.putObject("roles");
        new TreeMap<>(r.roles()).forEach(roles::put);
        if (r.hops() == null) o.putNull("hops");
        else o.put("hops", r.hops());
        ObjectNode latency = o.putObject("latency");
        latency.put("samples", r.samples());
        putNumber(latency, "p50_ms", r.p50Ms());
        putNumber(latency, "p95_ms", r.p95Ms());
        putNumber(latency, "max_ms", r.maxMs());
        o.put("packets_lost", r.packetsLost());
        o.put("concealed_samples", r.concealedSamples());
        o.put("audio_gap_ms", r.audioGapMs());
        ArrayNode elections = o.putArray("elections");
        r.elections().forEach(elections::add);
        if (r.roomRecoveredMs() == null) o.putNull("room_recovered_ms");
        else o.put("room_recovered_ms", r.roomRecoveredMs());
        ArrayNode cdf = o.putArray("cdf");
        r.cdf().forEach(p -> cdf.addArray().add(p[0]).add(p[1]));
        ArrayNode live = o.putArray("live_p50");
        r.live().forEach(p -> live.addArray().add(p[0]).add(Double.isNaN(p[1]) ? null : p[1]));
        ArrayNode events = o.putArray("events");
        r.events().forEach(events::add);
        putNumber(o, "clock_offset_ms", r.clockOffsetMs());
        o.put("load", r.load());
        return o;
    }

    private static void putNumber(ObjectNode o, String field, double value) {
        if (Double.isNaN(value)) o.putNull(field);
        else o.put(field, Math.round(value * 100) / 100.0);
    }

    public static String csvHeader() {
        return String.join(",", COLUMNS);
    }

    public static String csvRow(ScenarioResult r) {
        List<String> cells = List.of(
                r.scenario(),
                r.profile(),
                Integer.toString(r.mixers()),
                r.backend(),
                r.status(),
                number(r.seconds()),
                r.from(),
                r.to(),
                r.hops() == null ? "" : r.hops().toString(),
                Long.toString(r.samples()),
                number(r.p50Ms()),
                number(r.p95Ms()),
                number(r.maxMs()),
                Long.toString(r.packetsLost()),
                Long.toString(r.concealedSamples()),
                Long.toString(r.audioGapMs()),
                Integer.toString(r.elections().size()),
                r.roomRecoveredMs() == null ? "" : r.roomRecoveredMs().toString(),
                new TreeMap<>(r.roles()).toString().replace(", ", " "));
        return String.join(",", cells.stream().map(ResultWriter::escape).toList());
    }

    /** A figure as the CSV and the run's summary lines print it: two decimals, empty for NaN. */
    public static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** RFC 4180: quote cells holding a comma, quote or line break; double the quotes. */
    static String escape(String cell) {
        if (cell == null) return "";
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }

    /** Writes {@code <scenario>.json} and {@code <scenario>.csv} into {@code dir}. */
    public void write(Path dir, ScenarioResult r) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(r.scenario() + ".json"), json.writeValueAsString(toJson(r)) + "\n", StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve(r.scenario() + ".csv"), csvHeader() + "\n" + csvRow(r) + "\n", StandardCharsets.UTF_8);
    }

    /** Writes {@code summary.csv} with one row per result. */
    public void writeSummary(Path dir, List<ScenarioResult> results) throws IOException {
        StringBuilder out = new StringBuilder(csvHeader()).append('\n');
        results.forEach(r -> out.append(csvRow(r)).append('\n'));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.csv"), out.toString(), StandardCharsets.UTF_8);
    }
}
