package dev.starling.node.collaboration.files;

import dev.starling.protocol.v1.FileManifest;

/**
 * What the file service has to tell whoever watches the room (the live event stream). Typed so
 * the service decides what happened and the API alone decides how it reads on the wire.
 */
public sealed interface FileEvent {
    /** This node shared a file: stored, and announced if the room could be reached. */
    record Shared(FileManifest manifest) implements FileEvent {}

    /** A peer's manifest, new to this node, checked out and was stored. */
    record Announced(FileManifest manifest, String from) implements FileEvent {}

    /** A peer's manifest was refused before anything was stored. */
    record Rejected(String from, String problem) implements FileEvent {}

    /** A chunk from {@code peer} did not match its hash; that peer is avoided from now on. */
    record CorruptChunk(String hash, String peer, int index) implements FileEvent {}

    /** A running download's periodic report. */
    record Progress(DownloadStatus status) implements FileEvent {}

    /**
     * A download ended: {@code outcome} is {@link DownloadState#DONE}, {@link DownloadState#STOPPED}
     * or {@link DownloadState#FAILED}. It can differ from {@code status.state()}: a download whose
     * thread was interrupted mid-fetch ends stopped while its last state still says fetching.
     */
    record Ended(DownloadStatus status, DownloadState outcome) implements FileEvent {}
}
