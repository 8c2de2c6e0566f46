package dev.starling.node.collaboration.notes;

import org.automerge.Document;
import org.automerge.ObjectId;
import org.automerge.ObjectType;
import org.automerge.Transaction;

/**
 * The first change of every room document, identical on every node.
 *
 * <p>If two nodes each created {@code ROOT.text} on their own, Automerge would keep both objects
 * as a conflict and one node's typing would vanish behind the other's. Building the root objects
 * with a fixed actor (and Automerge's default zero timestamp) gives byte-identical changes, so
 * every node's document descends from the same objects and edits merge character by character.
 */
final class Genesis {
    static final String TEXT_KEY = "text";
    static final String ITEMS_KEY = "items";
    private static final byte[] GENESIS_ACTOR = "starling-genesis".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Genesis() {}

    /** A fresh document for {@code kind}, forked onto a random actor of its own. */
    static Document create(DocumentKind kind) {
        Document genesis = new Document(GENESIS_ACTOR);
        try {
            try (Transaction tx = genesis.startTransaction()) {
                switch (kind) {
                    case TEXT -> tx.set(ObjectId.ROOT, TEXT_KEY, ObjectType.TEXT);
                    case TODO -> tx.set(ObjectId.ROOT, ITEMS_KEY, ObjectType.MAP);
                }
                tx.commit();
            }
            return genesis.fork();
        } finally {
            genesis.free();
        }
    }
}
