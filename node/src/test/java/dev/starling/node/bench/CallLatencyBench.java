package dev.starling.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.lab.Lab;
import dev.starling.visualizer.browser.CdpClient;
import dev.starling.visualizer.browser.Chromium;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Page-to-page latency of a call against the node-to-node latency of the same pairs: what the
 * call page's path (capture worklet, WebSocket, the node's page queues, playback worklet) adds.
 *
 * <p>A 2-node browser lab; the node CPU is measured first with no page attached, then both pages
 * are opened in probe mode ({@code ?probe=1}: 400 Hz bursts at every wall-clock half second
 * instead of the microphone, a wall-clock stamp in the bottom rows of each camera picture; see
 * {@code probe.js}) and, once media flows, everything is reset and measured for 30 s. Prints a
 * table and writes {@code target/bench/call-latency.json}. A benchmark: it asserts only that it
 * got samples, never the figures. Not an *IT, so CI does not run it; run it with
 *
 * <pre>
 * ./mvnw -q -B -o install -DskipTests -Dspotless.check.skip=true
 * ./mvnw -B -o verify -pl node -Dit.test=CallLatencyBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true
 * </pre>
 *
 * (as root, with /usr/bin/chromium; {@code -Dbench.seconds=N} changes the 30 s window).
 */
class CallLatencyBench {
    private static final List<String> FAKE_DEVICES = List.of(
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
            // Two participants' tabs in one browser: neither may be throttled as a background tab.
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows");
    private static final int IDLE_SECONDS = 15;
    private static final int MUTE_CYCLES = 6;

    private final ProcessCommandRunner runner = new ProcessCommandRunner();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void pageToPageAgainstNodeToNode() throws Exception {
        assumeTrue(Privileges.isRoot(runner), "the lab needs root to create network namespaces");
        assumeTrue(Files.isExecutable(Chromium.BINARY), "no /usr/bin/chromium");
        int seconds = Integer.getInteger("bench.seconds", 30);
        Path out = Files.createDirectories(Path.of("target", "bench"));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ObjectNode result = json.createObjectNode();
        result.put("date", Instant.now().toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("seconds", seconds);
        List<String> nodeOptions = List.of("--video", "320x240@15");
        result.set("node_options", json.valueToTree(nodeOptions));
        try (Lab lab = new Lab(runner, 2, "browser", nodeOptions, new PrintStream(progress, true))) {
            lab.start();
            assertThat(lab.awaitRoom(Duration.ofSeconds(120)))
                    .as(lab.logTails(20))
                    .isTrue();
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                ids.add(lab.get(i, "/api/room").path("self").path("id").asText());
            }
            result.set("node_ids", json.valueToTree(ids));

            // CPU per node with no page attached.
            List<CpuMeter> idle = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                long pid = lab.pid(i);
                CpuMeter meter = new CpuMeter(() -> CpuMeter.tree(pid));
                meter.start();
                idle.add(meter);
            }
            Thread.sleep(IDLE_SECONDS * 1000L);
            ObjectNode cpuIdle = result.putObject("cpu_no_page");
            cpuIdle.put("seconds", IDLE_SECONDS);
            JsonNode idleReport = lab.report(IDLE_SECONDS);
            for (int i = 0; i < 2; i++) {
                cpuIdle.putObject(ids.get(i))
                        .put("proc_pct", round(idle.get(i).percent()))
                        .put("metrics_cpu_pct", cpuPct(idleReport, ids.get(i)));
            }

            try (Chromium chromium = new Chromium(out.resolve("chromium.log"), FAKE_DEVICES);
                    CdpClient cdp = new CdpClient(chromium.devtools())) {
                List<String> pages = new ArrayList<>();
                for (String url : lab.callUrls()) {
                    pages.add(cdp.openPage(url + "&autojoin=1&probe=1"));
                }
                // Media flows both ways and the probe reads bursts and stamps from the other page.
                for (String page : pages) {
                    cdp.waitFor(
                            page,
                            "window.starling && starling.stats().remotes.length === 1"
                                    + " && starling.stats().remotes.every(r => r.videoFramesDecoded > 20)"
                                    + " && Object.values(starling.probe().audio).some(a => a.count > 2)"
                                    + " && Object.values(starling.probe().video).some(v => v.count > 20)",
                            JsonNode::asBoolean,
                            Duration.ofSeconds(120));
                }
                assertThat(lab.awaitMedia(Duration.ofSeconds(60)))
                        .as("node-to-node markers on page media")
                        .isTrue();
                Thread.sleep(5_000); // past the start-up transient of the jitter buffers
                lab.resetLatencies();
                for (String page : pages) {
                    cdp.eval(page, "starling.probe({reset: true}), true");
                }
                List<CpuMeter> busy = new ArrayList<>();
                for (int i = 1; i <= 2; i++) {
                    long pid = lab.pid(i);
                    CpuMeter meter = new CpuMeter(() -> CpuMeter.tree(pid));
                    meter.start();
                    busy.add(meter);
                }
                CpuMeter browser = new CpuMeter(CpuMeter::chromium);
                browser.start();
                Thread.sleep(seconds * 1000L);

                List<JsonNode> probes = new ArrayList<>();
                for (String page : pages) {
                    probes.add(json.readTree(
                            cdp.eval(page, "JSON.stringify(starling.probe())").asText()));
                }
                JsonNode report = lab.report(seconds);
                ObjectNode cpuPage = result.putObject("cpu_with_page");
                cpuPage.put("seconds", seconds);
                for (int i = 0; i < 2; i++) {
                    cpuPage.putObject(ids.get(i))
                            .put("proc_pct", round(busy.get(i).percent()))
                            .put("metrics_cpu_pct", cpuPct(report, ids.get(i)));
                }
                cpuPage.put("chromium_pct", round(browser.percent()));
                cpuPage.put("chromium_processes", CpuMeter.chromium().size());

                ArrayNode pairs = result.putArray("pairs");
                for (int to = 0; to < 2; to++) {
                    String from = ids.get(1 - to);
                    JsonNode page = probes.get(to);
                    JsonNode node = pairOf(report, from, ids.get(to));
                    ObjectNode pair = pairs.addObject().put("from", from).put("to", ids.get(to));
                    pair.set("page_audio", page.path("audio").path(from));
                    pair.set("page_video", page.path("video").path(from));
                    pair.set("node_audio", nodeFigures(node.path("audio"), "samples"));
                    pair.set("node_video", nodeFigures(node.path("video"), "frames"));
                    pair.set("page_calibration", page.path("calibration"));
                    // The probe's detector finds a burst ~4 ms after its onset; its calibration (the
                    // same detector on the captured burst, this run) measures that delay.
                    double detector = page.path("calibration").path("p50").asDouble(Double.NaN);
                    ObjectNode added = pair.putObject("audio_added_ms");
                    for (String q : List.of("p50", "p95")) {
                        double raw = page.path("audio").path(from).path(q).asDouble(Double.NaN)
                                - pair.path("node_audio").path(q).asDouble(Double.NaN);
                        added.put(q, round(raw));
                        added.put(q + "_net_of_detector", round(raw - detector));
                    }
                    pair.set("page_playback", page.path("playback").path(from));
                    pair.set(
                            "page_arrival_gaps_ms",
                            page.path("gapsMs").path("remote").path(from));
                    pair.set(
                            "sender_capture_gaps_ms",
                            probes.get(1 - to).path("gapsMs").path("capture"));
                    pair.put(
                            "page_video_stamps_unreadable",
                            page.path("videoStampsUnreadable").asLong());
                    pair.put(
                            "page_audio_out_of_window",
                            page.path("audioOutOfWindow").asLong());
                }
                result.set("mute_to_silence_ms", muteToSilence(cdp, pages, ids));
                result.set(
                        "call_status",
                        json.createArrayNode().add(lab.get(1, "/api/call")).add(lab.get(2, "/api/call")));
                Files.write(out.resolve("call-page-1.png"), cdp.screenshot(pages.get(1)));
            }
        }
        String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(result);
        Files.writeString(out.resolve("call-latency.json"), text);
        Files.writeString(out.resolve("call-latency-" + System.currentTimeMillis() + ".json"), text);
        System.out.println(table(result));
        System.out.println(text);
        for (JsonNode pair : result.path("pairs")) {
            assertThat(pair.path("page_audio").path("count").asLong())
                    .as("page audio samples %s", pair)
                    .isPositive();
            assertThat(pair.path("page_video").path("count").asLong())
                    .as("page video samples %s", pair)
                    .isPositive();
            assertThat(pair.path("node_audio").path("count").asLong())
                    .as("node audio samples %s", pair)
                    .isPositive();
            assertThat(pair.path("node_video").path("count").asLong())
                    .as("node video samples %s", pair)
                    .isPositive();
        }
    }

    /**
     * How long after page A mutes page B's {@code audioLevel} for A reads silent, as a person
     * sees it in B's tiles (the level's hold included). Both times are read in the pages, from
     * one browser's clock, so the figure carries no polling delay of the benchmark's own.
     */
    private ArrayNode muteToSilence(CdpClient cdp, List<String> pages, List<String> ids) throws Exception {
        String level = "starling.stats().remotes.find(r => r.id === '" + ids.get(0) + "').audioLevel";
        ArrayNode millis = json.createArrayNode();
        for (int cycle = 0; cycle < MUTE_CYCLES; cycle++) {
            cdp.waitFor(pages.get(1), level + " > 0.005", JsonNode::asBoolean, Duration.ofSeconds(15));
            cdp.eval(
                    pages.get(1),
                    "window.silentAt = 0; window.silenceWatch = setInterval(() => { if (" + level
                            + " < 0.005) { window.silentAt = Date.now(); clearInterval(window.silenceWatch); } }, 5),"
                            + " true");
            long mutedAt = cdp.eval(pages.get(0), "starling.setMuted(true), Date.now()")
                    .asLong();
            JsonNode silentAt =
                    cdp.waitFor(pages.get(1), "window.silentAt", at -> at.asLong() > 0, Duration.ofSeconds(15));
            millis.add(silentAt.asLong() - mutedAt);
            cdp.eval(pages.get(0), "starling.setMuted(false), true");
        }
        return millis;
    }

    private ObjectNode nodeFigures(JsonNode figures, String countName) {
        ObjectNode out = json.createObjectNode();
        out.put("count", figures.path(countName).asLong());
        out.set("p50", figures.path("p50_ms"));
        out.set("p95", figures.path("p95_ms"));
        return out;
    }

    private static JsonNode pairOf(JsonNode report, String from, String to) {
        for (JsonNode pair : report.path("pairs")) {
            if (pair.path("from").asText().equals(from)
                    && pair.path("to").asText().equals(to)) {
                return pair;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static double cpuPct(JsonNode report, String id) {
        for (JsonNode node : report.path("nodes")) {
            if (node.path("id").asText().equals(id)) {
                return round(node.path("cpu_pct").asDouble());
            }
        }
        return Double.NaN;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String table(JsonNode result) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(
                "%n%-22s %-6s %12s %12s %12s %12s%n",
                "pair", "kind", "page p50/p95", "node p50/p95", "added p50", "added p95"));
        for (JsonNode pair : result.path("pairs")) {
            String name = shortId(pair.path("from").asText()) + "->"
                    + shortId(pair.path("to").asText());
            for (String kind : List.of("audio", "video")) {
                JsonNode page = pair.path("page_" + kind);
                JsonNode node = pair.path("node_" + kind);
                t.append(String.format(
                        "%-22s %-6s %12s %12s %12.1f %12.1f%n",
                        name,
                        kind,
                        page.path("p50").asText() + "/" + page.path("p95").asText(),
                        node.path("p50").asText() + "/" + node.path("p95").asText(),
                        page.path("p50").asDouble() - node.path("p50").asDouble(),
                        page.path("p95").asDouble() - node.path("p95").asDouble()));
            }
        }
        t.append("audio added, net of the probe's detector delay (p50 / p95):");
        for (JsonNode pair : result.path("pairs")) {
            JsonNode added = pair.path("audio_added_ms");
            t.append(String.format(
                    " %s->%s %.1f / %.1f;",
                    shortId(pair.path("from").asText()),
                    shortId(pair.path("to").asText()),
                    added.path("p50_net_of_detector").asDouble(),
                    added.path("p95_net_of_detector").asDouble()));
        }
        t.append('\n');
        t.append("mute heard as silence after (ms): ")
                .append(result.path("mute_to_silence_ms"))
                .append('\n');
        t.append("cpu no page:   ").append(result.path("cpu_no_page")).append('\n');
        t.append("cpu with page: ").append(result.path("cpu_with_page")).append('\n');
        return t.toString();
    }

    private static String shortId(String id) {
        return id.length() > 10 ? id.substring(0, 10) : id;
    }
}
