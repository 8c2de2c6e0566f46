package dev.starling.node.events;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out of live events to subscribers (the HTTP event stream, later the topology view), with a
 * short replay buffer so a subscriber that connects late sees recent history.
 */
public final class LiveEvents {
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

    private final Clock clock;
    private final int replayCapacity;
    private final Deque<LiveEvent> recent = new ArrayDeque<>();
    private final List<Consumer<LiveEvent>> subscribers = new CopyOnWriteArrayList<>();

    public LiveEvents(Clock clock, int replayCapacity) {
        this.clock = clock;
        this.replayCapacity = replayCapacity;
    }

    public void publish(String type, Map<String, Object> fields) {
        LiveEvent event = new LiveEvent(type, clock.millis(), fields);
        synchronized (recent) {
            recent.addLast(event);
            while (recent.size() > replayCapacity) {
                recent.removeFirst();
            }
        }
        for (Consumer<LiveEvent> subscriber : subscribers) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                // One broken subscriber (a closed HTTP stream) must not starve the others.
                log.debug("live event subscriber failed: {}", e.toString());
            }
        }
    }

    public List<LiveEvent> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    public Runnable subscribe(Consumer<LiveEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
