package dev.starling.node.view;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code starling view --snapshot FILE}: one picture of a node's topology, written whole or not at all. */
public final class SnapshotWriter {
    private final RemoteNode node;
    private final ChromiumPng png;

    public SnapshotWriter(RemoteNode node, ChromiumPng png) {
        this.node = node;
        this.png = png;
    }

    /** Returns the number of bytes written. */
    public long write(Path target, SnapshotFormat format) throws RemoteNodeException, IOException {
        if (format == SnapshotFormat.PNG) {
            png.requireAvailable();
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": no such directory " + dir);
        }
        RemoteNode.Reply reply = node.get("/api/topology?format=" + format.apiFormat());
        if (reply.status() != 200) {
            throw new RemoteNodeException(node.url() + " refused /api/topology?format=" + format.apiFormat()
                    + " with HTTP " + reply.status() + ": " + abbreviate(reply.text()));
        }
        // Temp file beside the target, then a rename: a report never picks up half a picture.
        Path partial = Files.createTempFile(dir, ".starling-snapshot-", ".part");
        try {
            if (format == SnapshotFormat.PNG) {
                png.render(reply.text(), partial);
            } else {
                Files.write(partial, reply.body());
            }
            long bytes = Files.size(partial);
            move(partial, target);
            return bytes;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }
}
