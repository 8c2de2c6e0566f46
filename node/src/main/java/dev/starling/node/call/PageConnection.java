package dev.starling.node.call;

import java.nio.ByteBuffer;

/** The WebSocket to one call page, as the channel needs it; the HTTP layer supplies it. */
public interface PageConnection {
    void sendText(String message);

    /** Sends without waiting; {@code done} runs once the bytes are written or the write failed. */
    void sendBinary(ByteBuffer message, Runnable done);

    void close(int code, String reason);
}
