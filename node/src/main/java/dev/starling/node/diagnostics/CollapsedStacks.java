package dev.starling.node.diagnostics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A profile as async-profiler's collapsed stacks: one line per distinct stack, frames joined by
 * {@code ;} and the sample count last, the thread ({@code [name tid=N]}) as the first frame when
 * recorded per thread. Read back here to say which threads the CPU went to.
 */
public final class CollapsedStacks {
    /**
     * Thread names that differ only by a number (pool workers, one queue per link) or by the node's
     * id that a node's own threads carry ({@code media-audio-5tpambc2lbbqkfgg3}) are one group.
     */
    private static final Pattern NUMBERED = Pattern.compile("(-[a-z0-9]{12,})?[-_ #]?\\d*$");

    private static final Pattern THREAD = Pattern.compile("^\\[(.*?)(?: tid=\\d+)?]$");

    private final Map<String, Long> samplesByThread;
    private final long total;

    private CollapsedStacks(Map<String, Long> samplesByThread) {
        this.samplesByThread = samplesByThread;
        this.total =
                samplesByThread.values().stream().mapToLong(Long::longValue).sum();
    }

    public static CollapsedStacks read(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    /** Lines that do not end in a count are skipped: the format has no other kind of line. */
    static CollapsedStacks parse(List<String> lines) {
        Map<String, Long> byThread = new TreeMap<>();
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            long samples;
            try {
                samples = Long.parseLong(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            int semicolon = line.indexOf(';');
            String first = semicolon < 0 ? line.substring(0, space) : line.substring(0, semicolon);
            var thread = THREAD.matcher(first);
            String group = thread.matches() ? NUMBERED.matcher(thread.group(1)).replaceAll("") : "(no thread)";
            byThread.merge(group.isEmpty() ? "(unnamed)" : group, samples, Long::sum);
        }
        return new CollapsedStacks(byThread);
    }

    public long samples() {
        return total;
    }

    /** Each thread group's share of all samples, in percent to one decimal, largest first. */
    public Map<String, Double> shareByThread() {
        Map<String, Double> shares = new LinkedHashMap<>();
        samplesByThread.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> shares.put(e.getKey(), Math.round(e.getValue() * 1000.0 / total) / 10.0));
        return shares;
    }
}
