package dev.starling.node.collaboration.files;

import dev.starling.protocol.v1.FileManifest;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One known file with who can serve it, as this node sees it now: what a person needs to decide
 * whether fetching it will go anywhere.
 *
 * @param holders peers (this node included) holding the complete file
 * @param partialHolders peers still downloading it, with the number of chunks each announced
 * @param download this node's running or last download of it, if any
 */
public record FileListing(
        FileManifest manifest,
        SortedSet<String> holders,
        SortedMap<String, Integer> partialHolders,
        boolean heldHere,
        Optional<DownloadStatus> download) {
    public FileListing {
        holders = Collections.unmodifiableSortedSet(new TreeSet<>(holders));
        partialHolders = Collections.unmodifiableSortedMap(new TreeMap<>(partialHolders));
    }

    public String hash() {
        return manifest.getSha256();
    }
}
