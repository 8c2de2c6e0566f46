package dev.starling.node.collaboration.files;

/**
 * What asking for a copy of a file finds: it is already here, or a download brings it (started
 * now, or already running, or just finished). Callers answer "done" and "still coming" differently.
 */
public sealed interface FetchResult permits FetchResult.Held, DownloadStatus {
    String hash();

    /** True if the complete file is on this node now. */
    boolean complete();

    /** The file was already held here; nothing to fetch. */
    record Held(String hash) implements FetchResult {
        @Override
        public boolean complete() {
            return true;
        }
    }
}
