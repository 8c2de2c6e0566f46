package dev.starling.node.collaboration.notes;

/** The shapes of room document this node knows how to read and edit. */
public enum DocumentKind {
    /** {@code ROOT.text}: one Automerge text object. */
    TEXT,
    /** {@code ROOT.items}: a map from item id to {@code {text, done, order}}. */
    TODO
}
