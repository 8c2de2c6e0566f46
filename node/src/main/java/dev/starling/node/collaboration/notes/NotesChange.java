package dev.starling.node.collaboration.notes;

import java.util.List;
import java.util.Optional;

/**
 * A document changed here, by a local edit or by a peer's sync message. Reported after the change
 * is saved, so whoever watches can rely on it surviving a crash.
 *
 * @param peer the peer whose sync message brought the change; empty for a local edit
 * @param heads the document's heads after the change
 */
public record NotesChange(String document, Optional<String> peer, List<String> heads) {
    public NotesChange {
        heads = List.copyOf(heads);
    }

    public boolean local() {
        return peer.isEmpty();
    }
}
