package dev.starling.node.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, fsync'd log of JSON records, one per line.
 *
 * <p>An append returns only after the line is on disk, so whatever a caller acknowledges survives a
 * crash. A crash mid-append can leave a torn last line; loading drops it (it was never
 * acknowledged) and truncates the file back to the last whole record. A corrupt line elsewhere is
 * skipped and counted, never fatal.
 */
public final class JsonLinesLog<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JsonLinesLog.class);

    private final Path file;
    private final Class<T> type;
    private final ObjectMapper mapper;
    private final FileChannel channel;
    private int skippedOnLoad;

    public JsonLinesLog(Path file, Class<T> type, ObjectMapper mapper) throws IOException {
        this.file = file;
        this.type = type;
        this.mapper = mapper;
        Files.createDirectories(file.toAbsolutePath().getParent());
        // Owner-only: chat and presence logs are the room's private conversation.
        if (Files.notExists(file)) {
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException ignored) {
                Files.createFile(file);
            }
        }
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Reads every whole record, repairing a torn tail. */
    public synchronized List<T> load() throws IOException {
        byte[] content = Files.readAllBytes(file);
        List<T> records = new ArrayList<>();
        int lineStart = 0;
        int lastGoodEnd = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] != '\n') {
                continue;
            }
            String line = new String(content, lineStart, i - lineStart, StandardCharsets.UTF_8);
            lineStart = i + 1;
            lastGoodEnd = lineStart;
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(mapper.readValue(line, type));
            } catch (JsonProcessingException e) {
                skippedOnLoad++;
                log.warn("{}: skipped a corrupt record ({})", file.getFileName(), e.getOriginalMessage());
            }
        }
        if (lastGoodEnd < content.length) {
            log.warn("{}: dropping a torn final record of {} bytes", file.getFileName(), content.length - lastGoodEnd);
            channel.truncate(lastGoodEnd);
            channel.force(true);
        }
        channel.position(channel.size());
        return records;
    }

    public synchronized void append(T record) throws IOException {
        byte[] line = (mapper.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        channel.position(channel.size());
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    public int skippedOnLoad() {
        return skippedOnLoad;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
