package dev.starling.node.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioFirstTest {
    @TempDir
    Path tasks;

    private final List<String> calls = new ArrayList<>();
    private final AudioFirst.Scheduling kernel = new AudioFirst.Scheduling() {
        @Override
        public void leaveRealtime(int tid) {
            calls.add("other " + tid);
        }

        @Override
        public void nice(int tid, int nice) {
            calls.add("nice " + tid + " " + nice);
        }
    };

    private void thread(int tid, String name) throws IOException {
        Files.createDirectories(tasks.resolve(Integer.toString(tid)));
        Files.writeString(tasks.resolve(tid + "/comm"), name + "\n");
    }

    @Test
    void videoThreadsLeaveRealTimeAndStandBehindTheRestOnce() throws IOException {
        thread(10, "EncoderQueue");
        thread(11, "DecodingQueue");
        thread(12, "IncomingVideoSt");
        thread(13, "media-push-abcd");
        thread(20, "AudioEncoder");
        thread(21, "webrtc_audio_mo");
        thread(22, "webrtc_jni_netw");
        thread(23, "media-audio-abc");
        AudioFirst audioFirst = new AudioFirst(tasks, kernel);

        audioFirst.run();
        audioFirst.run();

        assertThat(calls)
                .containsExactlyInAnyOrder(
                        "other 10",
                        "nice 10 10",
                        "other 11",
                        "nice 11 10",
                        "other 12",
                        "nice 12 10",
                        "other 13",
                        "nice 13 10");
        assertThat(audioFirst.lowered()).isEqualTo(4);
    }

    @Test
    void aThreadThatNamesItselfLaterIsLoweredThenAndANewLinksThreadsToo() throws IOException {
        thread(30, "java");
        AudioFirst audioFirst = new AudioFirst(tasks, kernel);
        audioFirst.run();
        assertThat(calls).isEmpty();

        thread(30, "DecodingQueue");
        thread(31, "EncoderQueue");
        audioFirst.run();
        assertThat(calls).containsExactlyInAnyOrder("other 30", "nice 30 10", "other 31", "nice 31 10");
    }

    @Test
    void aKernelThatRefusesIsToleratedAndNoProcTreeMeansNothingToDo() throws IOException {
        thread(40, "EncoderQueue");
        AudioFirst refusing = new AudioFirst(tasks, new AudioFirst.Scheduling() {
            @Override
            public void leaveRealtime(int tid) {
                throw new IllegalStateException("EPERM");
            }

            @Override
            public void nice(int tid, int nice) {}
        });
        refusing.run();
        assertThat(refusing.lowered()).isZero();

        new AudioFirst(tasks.resolve("missing"), kernel).run();
        assertThat(calls).isEmpty();
    }

    /** The real calls on a real thread of this JVM: a video push thread ends up at nice 10. */
    @Test
    void aVideoPushThreadOfThisProcessIsLoweredForReal() throws Exception {
        Path proc = Path.of("/proc/self/task");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(proc), "Linux only");
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread pusher = parked("media-push-test", done);
        Thread audio = parked("media-audio-tst", done);
        pusher.start();
        audio.start();
        // A started thread names itself (its comm in /proc) only as it begins to run; once it waits
        // on the latch, the name is there.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> pusher.getState() == Thread.State.WAITING && audio.getState() == Thread.State.WAITING);
        try {
            AudioFirst real = AudioFirst.forThisProcess();
            real.run();
            assertThat(real.lowered()).isPositive();
            assertThat(niceOf("media-push-test", proc)).isEqualTo(AudioFirst.VIDEO_NICE);
            assertThat(niceOf("media-audio-tst", proc))
                    .as("audio is left alone")
                    .isNotEqualTo(AudioFirst.VIDEO_NICE);
        } finally {
            done.countDown();
            pusher.join();
            audio.join();
        }
    }

    private static Thread parked(String name, java.util.concurrent.CountDownLatch until) {
        return new Thread(
                () -> {
                    try {
                        until.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                name);
    }

    /** Field 19 of /proc/self/task/TID/stat (after the name in parentheses) is the nice value. */
    private static int niceOf(String name, Path proc) throws IOException {
        try (var threads = Files.list(proc)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                if (Files.readString(t.resolve("comm")).strip().equals(name)) {
                    String stat = Files.readString(t.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return Integer.parseInt(fields[16]);
                }
            }
        }
        throw new IllegalStateException("no thread " + name);
    }
}
