package dev.starling.node.collaboration.notes;

import dev.starling.protocol.v1.NotesSync;

/** How sync messages reach one peer; the room in a node, a direct call in tests. */
@FunctionalInterface
public interface NotesTransport {
    /** Returns false if the peer cannot be reached now; the next sync round retries. */
    boolean sendTo(String peer, NotesSync message);
}
