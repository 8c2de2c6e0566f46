package dev.starling.node.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rasterises an SVG with headless Chromium's {@code --screenshot}: Java has no SVG renderer of its
 * own and the node's SVG is self-contained, so the browser that tests the view also draws the PNG.
 */
public final class ChromiumPng {
    public static final Path DEFAULT_BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern SIZE =
            Pattern.compile("<svg\\b[^>]*?\\bwidth=\"([0-9.]+)\"[^>]*?\\bheight=\"([0-9.]+)\"");
    private static final int MAX_SIDE = 8_000;
    private static final long TIMEOUT_SECONDS = 60;

    private final Path binary;

    public ChromiumPng(Path binary) {
        this.binary = binary;
    }

    public boolean available() {
        return Files.isExecutable(binary);
    }

    /** Fails with the install hint when the browser is missing, before anything is fetched. */
    public void requireAvailable() throws RemoteNodeException {
        if (!available()) {
            throw new RemoteNodeException("a .png snapshot needs headless Chromium at " + binary
                    + " (Debian: apt-get install -y chromium); .svg, .dot and .json work without it");
        }
    }

    /** Writes {@code svg} as a PNG of the SVG's own size to {@code target}. */
    public void render(String svg, Path target) throws IOException, RemoteNodeException {
        requireAvailable();
        int[] size = size(svg);
        Path work = Files.createTempDirectory("starling-png-");
        try {
            Path page = work.resolve("snapshot.svg");
            Files.writeString(page, svg, StandardCharsets.UTF_8);
            Path png = work.resolve("snapshot.png");
            // A throwaway profile: a user's running Chromium holds a lock on the default one.
            Process process = new ProcessBuilder(List.of(
                            binary.toString(),
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--hide-scrollbars",
                            "--no-first-run",
                            "--disable-extensions",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--user-data-dir=" + work.resolve("profile"),
                            "--window-size=" + size[0] + "," + size[1],
                            "--screenshot=" + png,
                            page.toUri().toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("chromium.log").toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new RemoteNodeException("chromium did not render the PNG in " + TIMEOUT_SECONDS + " s");
            }
            if (!isPng(png)) {
                throw new RemoteNodeException("chromium exited with " + process.exitValue() + " without writing a PNG: "
                        + tail(work.resolve("chromium.log")));
            }
            Files.copy(png, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteNodeException("interrupted while rendering the PNG");
        } finally {
            deleteTree(work);
        }
    }

    /** The SVG's declared size, clamped so a hostile or huge graph cannot ask for a giant bitmap. */
    static int[] size(String svg) {
        Matcher m = SIZE.matcher(svg.length() > 4096 ? svg.substring(0, 4096) : svg);
        if (!m.find()) {
            return new int[] {1400, 900};
        }
        return new int[] {clamp(m.group(1)), clamp(m.group(2))};
    }

    private static int clamp(String number) {
        double v = Double.parseDouble(number);
        return (int) Math.max(100, Math.min(MAX_SIDE, Math.ceil(v)));
    }

    private static boolean isPng(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) < 8) {
            return false;
        }
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(file)) {
            in.readNBytes(head, 0, 8);
        }
        return (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1).strip();
            return text.length() > 500 ? "…" + text.substring(text.length() - 500) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless; the snapshot itself is already written or reported
        }
    }
}
