package dev.starling.node.media.data;

import dev.starling.node.mixing.CompositeContents;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The contents a mixer announced for its latest composites, until the frames they describe are
 * decoded. An announcement leaves before its frame is even encoded, so it normally waits here;
 * one whose frame the encoder dropped is pushed out by newer ones, as is anything a peer floods.
 */
final class RecentComposites {
    /** Two seconds of composites at 30 fps: more than any jitter buffer holds a frame. */
    static final int CAPACITY = 64;

    private final Map<Long, CompositeContents> byStamp = new LinkedHashMap<>(CAPACITY * 2) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CompositeContents> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void announced(CompositeContents contents) {
        byStamp.put(contents.stampMillis(), contents);
    }

    /** What the composite stamped {@code stampMillis} shows; each is taken once, as its frame is decoded once. */
    synchronized Optional<CompositeContents> take(long stampMillis) {
        return Optional.ofNullable(byStamp.remove(stampMillis));
    }
}
