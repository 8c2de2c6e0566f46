package dev.starling.node.collaboration.files;

/**
 * Where a download stands. {@code DONE}, {@code STOPPED} and {@code FAILED} are final; a download
 * goes back from {@code FETCHING} to {@code WAITING} whenever its last holder leaves.
 */
public enum DownloadState {
    /** No holder is known right now (e.g. the only one left); it proceeds as soon as one appears. */
    WAITING,
    FETCHING,
    /** Every chunk is here; the whole-file hash is being checked before the file counts as held. */
    VERIFYING,
    DONE,
    STOPPED,
    FAILED
}
