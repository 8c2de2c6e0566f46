package dev.starling.node.media;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the node's video threads behind everything else, so that when the CPU is short, audio, the
 * network and the room keep their pace and video drops frames instead. Each link brings threads
 * of its own, so the node looks at its threads every few seconds and lowers each video thread it
 * has not lowered yet (see {@link VideoThreads}) to {@link #VIDEO_NICE}, first taking it out of a
 * real-time class: as root, libwebrtc runs the video codecs as SCHED_FIFO, ahead of the threads
 * that receive packets and push audio. Lowering one's own threads needs no privilege.
 *
 * <p>Why it matters most for audio: the node's playout clock and audio pushers must wake every
 * 10 ms; a thread that competes only with threads of lower weight wakes sooner. (RTP audio on a
 * sound card is pulled by libwebrtc's device thread, which gains the same way.)
 */
final class AudioFirst implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(AudioFirst.class);
    /** CFS weighs a thread at nice 10 about a tenth of one at nice 0 when both want the CPU. */
    static final int VIDEO_NICE = 10;
    /** How often new links' threads are looked for. */
    static final long PERIOD_MILLIS = 2_000;

    /** The two system calls, so tests can stand in for the kernel. */
    interface Scheduling {
        /** Takes thread {@code tid} out of a real-time class (SCHED_OTHER). */
        void leaveRealtime(int tid);

        /** Sets thread {@code tid}'s nice value. */
        void nice(int tid, int nice);
    }

    private final Path tasks;
    private final Scheduling scheduling;
    /** Each thread's name when last looked at: a thread may name itself after it starts. */
    private final Map<Integer, String> seen = new HashMap<>();

    private final AtomicLong lowered = new AtomicLong();
    private boolean warned;

    AudioFirst(Path tasks, Scheduling scheduling) {
        this.tasks = tasks;
        this.scheduling = scheduling;
    }

    /** For this process's threads; does nothing where there is no {@code /proc/self/task} or libc. */
    static AudioFirst forThisProcess() {
        return new AudioFirst(Path.of("/proc/self/task"), Linux.load());
    }

    /** How many video threads were lowered so far. */
    long lowered() {
        return lowered.get();
    }

    @Override
    public synchronized void run() {
        if (scheduling == null || !Files.isDirectory(tasks)) {
            return;
        }
        Set<Integer> live = new HashSet<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                int tid;
                String name;
                try {
                    tid = Integer.parseInt(thread.getFileName().toString());
                    name = Files.readString(thread.resolve("comm")).strip();
                } catch (NumberFormatException | IOException gone) {
                    continue; // not a thread, or one that ended while we looked
                }
                live.add(tid);
                if (!name.equals(seen.put(tid, name)) && VideoThreads.carriesVideo(name)) {
                    lower(tid, name);
                }
            }
        } catch (IOException | RuntimeException e) {
            warnOnce("cannot list this process's threads: " + e);
        }
        seen.keySet().retainAll(live);
    }

    private void lower(int tid, String name) {
        try {
            scheduling.leaveRealtime(tid);
            scheduling.nice(tid, VIDEO_NICE);
            lowered.incrementAndGet();
        } catch (RuntimeException e) {
            warnOnce("cannot lower video thread " + name + " (" + tid + "): " + e);
        }
    }

    private void warnOnce(String message) {
        if (!warned) {
            warned = true;
            log.warn("{}; video keeps the priority libwebrtc gave it", message);
        }
    }

    /** sched_setscheduler(2) and setpriority(2) through JNA. */
    static final class Linux implements Scheduling {
        private static final int PRIO_PROCESS = 0;
        private static final int SCHED_OTHER = 0;

        interface LibC extends Library {
            int setpriority(int which, int who, int prio) throws LastErrorException;

            int sched_setscheduler(int pid, int policy, int[] param) throws LastErrorException;
        }

        private final LibC libc;

        private Linux(LibC libc) {
            this.libc = libc;
        }

        /** Null where libc cannot be loaded (not Linux). */
        static Scheduling load() {
            try {
                return new Linux(Native.load("c", LibC.class));
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                log.debug("no libc, thread priorities left alone: {}", e.toString());
                return null;
            }
        }

        @Override
        public void leaveRealtime(int tid) {
            libc.sched_setscheduler(tid, SCHED_OTHER, new int[] {0});
        }

        @Override
        public void nice(int tid, int nice) {
            libc.setpriority(PRIO_PROCESS, tid, nice);
        }
    }
}
