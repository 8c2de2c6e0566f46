package dev.starling.chaos.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load when a figure was measured: the three load averages and the core count. */
final class LoadAverage {
    private LoadAverage() {}

    static String read() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load " + f[0] + " " + f[1] + " " + f[2] + " on " + cores + " cores";
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "load unknown on " + cores + " cores";
        }
    }
}
