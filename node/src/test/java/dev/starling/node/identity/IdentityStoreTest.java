package dev.starling.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {
    @TempDir
    Path dir;

    @Test
    void identityIsStableAcrossRestartsAndPrivateKeyIsOwnerOnly() throws IOException {
        PeerIdentity first = new IdentityStore(dir).loadOrCreate();
        PeerIdentity second = new IdentityStore(dir).loadOrCreate();
        assertThat(first.peerId()).hasSize(16).matches("[a-z2-7]+").isEqualTo(second.peerId());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("identity/ed25519.key"))))
                .isEqualTo("rw-------");
        assertThat(new IdentityStore(dir.resolve("other")).loadOrCreate().peerId())
                .isNotEqualTo(first.peerId());
    }

    @Test
    void garbageKeyFilesGiveAClearError() throws IOException {
        new IdentityStore(dir).loadOrCreate();
        Files.write(dir.resolve("identity/ed25519.key"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> new IdentityStore(dir).loadOrCreate())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a valid Ed25519 key pair");
    }
}
