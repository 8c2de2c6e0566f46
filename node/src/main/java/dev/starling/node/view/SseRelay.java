package dev.starling.node.view;

import io.javalin.http.sse.SseClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Copies one upstream server-sent-event stream to one browser, frame by frame, keeping each
 * frame's event name, data and id: the page listens to named events, so a byte copy through a
 * buffering proxy would delay them and a re-encoding that dropped names would lose them.
 */
final class SseRelay implements Runnable {
    private final RemoteNode node;
    private final SseClient client;
    private volatile InputStream upstream;
    private volatile boolean closed;

    SseRelay(RemoteNode node, SseClient client) {
        this.node = node;
        this.client = client;
        client.onClose(this::stop);
    }

    @Override
    public void run() {
        try {
            var response = node.openStream("/api/stream");
            upstream = response.body();
            if (closed) {
                upstream.close();
                return;
            }
            if (response.statusCode() != 200) {
                return;
            }
            pump(new BufferedReader(new InputStreamReader(upstream, StandardCharsets.UTF_8)));
        } catch (RemoteNodeException | IOException e) {
            // The browser's EventSource reconnects by itself; nothing useful to tell it here.
        } finally {
            stop();
            client.close();
        }
    }

    private void pump(BufferedReader in) throws IOException {
        String event = null;
        String id = null;
        StringBuilder data = null;
        String line;
        while (!closed && !client.terminated() && (line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    client.sendEvent(event == null ? "message" : event, data.toString(), id);
                }
                event = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "id" -> id = value;
                case "data" ->
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                default -> {} // "retry" and unknown fields: the browser's own defaults are fine
            }
        }
    }

    private void stop() {
        closed = true;
        InputStream in = upstream;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is best effort; the stream is abandoned either way
            }
        }
    }
}
