package dev.starling.node.collaboration.files;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A download as it stood at one moment. A value rather than a view of the live download, so the
 * API, the event stream and the last word on a finished download all tell the same story.
 *
 * @param error why it failed; empty unless {@code state} is {@link DownloadState#FAILED}
 * @param seconds time spent fetching, to the millisecond
 * @param mbPerSecond fetched bytes over that time, in MB/s to two decimals (0 before any time passed)
 * @param bytesByPeer verified bytes per peer that served them
 * @param bytesByTransport verified bytes per transport that carried them
 * @param transport the name of the chunk transport in use
 */
public record DownloadStatus(
        String hash,
        String name,
        long size,
        DownloadState state,
        String error,
        int chunks,
        int doneChunks,
        int resumedChunks,
        int corruptChunks,
        int sources,
        long fetchedBytes,
        double seconds,
        double mbPerSecond,
        SortedMap<String, Long> bytesByPeer,
        SortedMap<String, Long> bytesByTransport,
        String transport)
        implements FetchResult {
    public DownloadStatus {
        bytesByPeer = Collections.unmodifiableSortedMap(new TreeMap<>(bytesByPeer));
        bytesByTransport = Collections.unmodifiableSortedMap(new TreeMap<>(bytesByTransport));
    }

    /** Share of the chunks verified, in percent to one decimal; an empty file is complete. */
    public double percent() {
        return chunks == 0 ? 100.0 : Math.round(1000.0 * doneChunks / chunks) / 10.0;
    }

    @Override
    public boolean complete() {
        return state == DownloadState.DONE;
    }
}
