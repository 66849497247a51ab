package io.github.dockstart.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.testing.s3.AgeKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The age program as the host runs it: what is missing is named in one sentence. */
class AgeToolTest {

    @TempDir
    Path dir;

    @Test
    void aMissingAgeProgramNamesWhatToInstall() throws IOException {
        AgeKeys keys = AgeKeys.generate(dir);
        Path plain = Files.writeString(dir.resolve("b.sql.gz"), "x");
        Path out = Files.createFile(dir.resolve("b.sql.gz.age"));

        assertThatThrownBy(() -> new AgeTool(dir.resolve("no-such-age").toString()).encrypt(plain, out, List.of(keys.recipient())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("The program " + dir.resolve("no-such-age") + " is needed to encrypt the bucket copy of b.sql.gz")
                .hasMessageEndingWith("install age (Debian/Ubuntu: apt-get install age; Alpine: apk add age; macOS: brew install age).");
    }

    @Test
    void anUnreadableIdentityFileIsNamed() throws IOException {
        Path out = Files.createFile(dir.resolve("plain"));

        assertThatThrownBy(() -> new AgeTool().decrypt(new ByteArrayInputStream(new byte[0]), dir.resolve("missing.txt"), out,
                "s3://b/x.age"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("dockstart.ageIdentity=" + dir.resolve("missing.txt") + " is not a readable file; it must be the age"
                        + " identity (private key) whose public key s3://b/x.age was encrypted for.");
    }
}
