package io.github.dockstart.testing.s3;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.Tools;
import java.nio.file.Path;

/** A real age key pair made by age-keygen: the identity file and its public key. */
public record AgeKeys(Path identity, String recipient) {

    public static AgeKeys generate(Path directory) {
        Path identity = directory.resolve("age-identity.txt");
        Exec.of(Tools.require("age-keygen", "age").toString(), "-o", identity.toString()).run().orFail();
        String recipient = Exec.of("age-keygen", "-y", identity.toString()).run().orFail().stdout().trim();
        return new AgeKeys(identity, recipient);
    }
}
