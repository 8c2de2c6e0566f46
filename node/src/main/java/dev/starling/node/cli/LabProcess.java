package dev.starling.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code starling lab ... --measure latency --json} as its own process (same Java, same
 * classpath), so that every run starts from a clean JVM and has the machine to itself.
 */
final class LabProcess {
    /** Room forming, media, election and report, on top of the measured seconds. */
    private static final long OVERHEAD_SECONDS = 600;

    private LabProcess() {}

    /**
     * @param labOptions the lab's options, without {@code --measure} and {@code --json}
     * @param out where the lab's report goes
     * @param log the lab's stderr, appended
     * @return the report, or null if the lab failed, printed nothing or ran too long
     */
    static JsonNode run(List<String> labOptions, int seconds, Path out, Path log, ObjectMapper mapper)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StarlingCommand.class.getName(),
                "lab"));
        command.addAll(labOptions);
        command.addAll(List.of("--measure", "latency", "--json"));
        Process lab = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!lab.waitFor(seconds + OVERHEAD_SECONDS, TimeUnit.SECONDS)) {
            // SIGTERM: the lab's shutdown hook removes its namespaces and processes.
            lab.destroy();
            if (!lab.waitFor(60, TimeUnit.SECONDS)) {
                lab.destroyForcibly();
            }
            return null;
        }
        return lab.exitValue() == 0 && Files.size(out) > 0 ? mapper.readTree(out.toFile()) : null;
    }
}
