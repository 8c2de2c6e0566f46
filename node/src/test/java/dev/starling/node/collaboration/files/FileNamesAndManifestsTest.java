package dev.starling.node.collaboration.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.starling.protocol.v1.FileManifest;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class FileNamesAndManifestsTest {
    private static final FileLimits LIMITS = new FileLimits(10_000_000, 100_000_000, 64 * 1024);

    @Test
    void hostileNamesAreRefused() {
        for (String name : new String[] {
            "",
            ".",
            "..",
            "../x",
            "a/b",
            "a\\b",
            "/etc/passwd",
            "x\ny",
            "x\u0000",
            "bell\u0007",
            " lead",
            "trail ",
            "rtl\u202Eexe.txt",
            "x".repeat(256)
        }) {
            assertThat(FileNames.problem(name)).as("'%s'", name).isNotNull();
        }
        assertThatThrownBy(() -> FileNames.require("../../etc/passwd")).hasMessageContaining("path separator");
        for (String name : new String[] {"report.pdf", "Ünïcödé 名前.txt", "a b.tar.gz", ".hidden"}) {
            assertThat(FileNames.problem(name)).as(name).isNull();
        }
        assertThat(FileNames.baseName("dir/sub/file.bin")).isEqualTo("file.bin");
    }

    @Test
    void hashingGivesFileAndChunkHashes() throws Exception {
        byte[] data = new byte[64 * 1024 * 2 + 10];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        FileManifest m = Manifests.hash(new ByteArrayInputStream(data), 64 * 1024)
                .setName("x.bin")
                .setOwner("peer")
                .build();
        assertThat(m.getSize()).isEqualTo(data.length);
        assertThat(m.getChunkSha256Count()).isEqualTo(3);
        assertThat(Manifests.chunkLength(m, 2)).isEqualTo(10);
        assertThat(m.getSha256()).isEqualTo(java.util.HexFormat.of().formatHex(Manifests.sha256(data, 0, data.length)));
        assertThat(Manifests.problem(m, LIMITS)).isNull();

        FileManifest empty = Manifests.hash(new ByteArrayInputStream(new byte[0]), 64 * 1024)
                .setName("e")
                .setOwner("p")
                .build();
        assertThat(empty.getChunkSha256Count()).isZero();
        assertThat(Manifests.problem(empty, LIMITS)).isNull();
    }

    @Test
    void malformedManifestsAreRefused() throws Exception {
        FileManifest good = Manifests.hash(new ByteArrayInputStream(new byte[100_000]), 64 * 1024)
                .setName("ok")
                .setOwner("peer")
                .build();
        assertThat(Manifests.problem(good.toBuilder().setSha256("ABC").build(), LIMITS))
                .contains("sha256");
        assertThat(Manifests.problem(good.toBuilder().setName("../evil").build(), LIMITS))
                .contains("name");
        assertThat(Manifests.problem(good.toBuilder().setSize(20_000_000).build(), LIMITS))
                .contains("limit");
        assertThat(Manifests.problem(good.toBuilder().setChunkSize(10).build(), LIMITS))
                .contains("chunk size");
        assertThat(Manifests.problem(
                        good.toBuilder()
                                .addChunkSha256(ByteString.copyFrom(new byte[32]))
                                .build(),
                        LIMITS))
                .contains("chunk hashes");
        assertThat(Manifests.problem(
                        good.toBuilder()
                                .setChunkSha256(0, ByteString.copyFrom(new byte[3]))
                                .build(),
                        LIMITS))
                .contains("32 bytes");
        assertThat(Manifests.problem(good.toBuilder().setOwner("").build(), LIMITS))
                .contains("owner");
    }
}
