package dev.starling.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.chaos.compare.BrowserMesh;
import dev.starling.chaos.compare.MeshComparison;
import dev.starling.node.media.VideoFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code starling compare}: the Starling lab and a Chromium full mesh of the same size, back to
 * back on this machine, with the same duration and video, and the ratio of every figure.
 */
@Command(
        name = "compare",
        description = "Run a Starling lab and a Chromium full mesh back to back (same peers, video and duration)"
                + " and print both and their ratios. Needs root, chromium, Node.js and npm.")
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--peers",
            defaultValue = "4",
            description = "Participants on each side, 2-8 (default: ${DEFAULT-VALUE}).")
    int peers;

    @Option(names = "--mixers", description = "Mixers in the Starling room (default: a mesh, like the browsers).")
    Integer mixers;

    @Option(
            names = "--seconds",
            defaultValue = "30",
            description = "Measured window on each side (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--video",
            defaultValue = "320x180@30",
            paramLabel = "WxH@FPS",
            description = "Video of every participant on both sides (default: ${DEFAULT-VALUE}).")
    String video;

    @Option(names = "--json", description = "Print the comparison as one JSON object (both reports included).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        VideoFormat format;
        try {
            format = VideoFormat.parse(video);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--video: " + e.getMessage());
        }
        if (peers < 2
                || peers > 8
                || seconds < 5
                || seconds > 600
                || (mixers != null && (mixers < 1 || mixers >= peers))) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "expected 2 <= --peers <= 8, 5 <= --seconds <= 600 and 1 <= --mixers < --peers");
        }
        String why = BrowserMesh.unavailableReason();
        if (why != null) {
            System.err.println("error: the Chromium side " + why);
            return ExitCodes.FAILURE;
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path work = Files.createTempDirectory("starling-compare");
        Path log = work.resolve("compare.log");
        System.err.println(
                "compare: Starling lab of " + peers + (mixers == null ? " (mesh)" : " with " + mixers + " mixer(s)")
                        + ", then a Chromium mesh of " + peers + "; " + seconds + " s each; log " + log);
        JsonNode starling = lab(work, log, mapper);
        if (starling == null) {
            System.err.println("error: the Starling lab produced no report; see " + log);
            return ExitCodes.FAILURE;
        }
        JsonNode chromium;
        try {
            chromium = new BrowserMesh(work, mapper)
                    .run(peers, seconds, format.width() + "x" + format.height(), format.fps(), log);
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        ObjectNode comparison = new MeshComparison(mapper).compare(starling, chromium);
        if (json) {
            comparison.set("starling_report", starling);
            comparison.set("chromium_report", chromium);
            System.out.println(mapper.writeValueAsString(comparison));
        } else {
            System.out.print(MeshComparison.table(comparison));
        }
        return ExitCodes.OK;
    }

    private JsonNode lab(Path work, Path log, ObjectMapper mapper) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(
                List.of("--peers", Integer.toString(peers), "--seconds", Integer.toString(seconds), "--video", video));
        if (mixers != null) {
            options.addAll(List.of("--mixers", Integer.toString(mixers)));
        }
        return LabProcess.run(options, seconds, work.resolve("starling-lab.json"), log, mapper);
    }
}
