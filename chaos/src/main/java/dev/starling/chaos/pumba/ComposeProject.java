package dev.starling.chaos.pumba;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The files of a generated Pumba project; the Starling jar is copied in next to them. */
public record ComposeProject(String composeYaml, String dockerfile, String runScript) {

    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("docker-compose.yml"), composeYaml, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("Dockerfile"), dockerfile, StandardCharsets.UTF_8);
        Path script = dir.resolve("run-chaos.sh");
        Files.writeString(script, runScript, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file systems: the user runs "bash run-chaos.sh"
        }
    }
}
