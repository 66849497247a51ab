package io.github.dockstart.storage;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.settings.PropertyNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code age} program, which encrypts the bucket copies (as the sidecar's {@code s3.sh} does)
 * and decrypts them for a restore. The program rather than a library: none is on Maven Central,
 * and the sidecar uses the same binary, so both sides write and read one format.
 */
final class AgeTool {

    /** An age X25519 public key: "age1" and 58 bech32 characters (lower case, no 1, b, i, o). */
    private static final Pattern RECIPIENT = Pattern.compile("age1[02-9ac-hj-np-z]{58}");

    private static final String INSTALL = "install age (Debian/Ubuntu: apt-get install age; Alpine: apk add age;"
            + " macOS: brew install age)";

    private final String program;

    AgeTool(String program) {
        this.program = program;
    }

    AgeTool() {
        this("age");
    }

    /** Refuses a value that is not an age public key, in the words of {@code s3.sh}. */
    static void checkRecipient(String property, String recipient) {
        if (!RECIPIENT.matcher(recipient).matches()) {
            throw new InvalidSettingException(property, recipient, property + " holds '" + recipient + "', which is not an"
                    + " age public key (age1 followed by 58 letters and digits, as age-keygen -y prints).");
        }
    }

    /** Encrypts {@code plain} into {@code encrypted} (an existing, empty file) for the recipients. */
    void encrypt(Path plain, Path encrypted, List<String> recipients) {
        List<String> command = new ArrayList<>(List.of(program));
        recipients.forEach(r -> command.addAll(List.of("-r", r)));
        command.add(plain.toString());
        Process process = start(command, encrypted, "encrypt the bucket copy of " + plain.getFileName());
        finish(process, "Encrypting " + plain.getFileName() + " with age failed");
    }

    /**
     * Decrypts {@code encrypted} with the identity file into {@code plain}, streaming: the bytes go
     * through {@code age -d} as they are read.
     *
     * @param what the encrypted copy, for messages
     */
    void decrypt(InputStream encrypted, Path identity, Path plain, String what) {
        decrypt(encrypted, identity, plain, what, "; nothing was restored.");
    }

    /** As above; {@code ending} ends the sentence of a failure (what it means for the caller). */
    void decrypt(InputStream encrypted, Path identity, Path plain, String what, String ending) {
        if (!Files.isReadable(identity)) {
            throw new InvalidSettingException(PropertyNames.AGE_IDENTITY, identity.toString(), PropertyNames.AGE_IDENTITY + "="
                    + identity + " is not a readable file; it must be the age identity (private key) whose public key "
                    + what + " was encrypted for.");
        }
        Process process = start(List.of(program, "-d", "-i", identity.toString()), plain, "decrypt " + what);
        try (OutputStream in = process.getOutputStream()) {
            encrypted.transferTo(in);
        } catch (IOException e) {
            // age stopped reading (a wrong identity fails on the header): its own message says why
            if (process.isAlive()) {
                process.destroy();
                throw new UncheckedIOException("Could not decrypt " + what + ": " + e.getMessage(), e);
            }
        }
        String error = finishQuietly(process);
        if (error != null) {
            String reason = error.contains("no identity matched")
                    ? "the identity " + identity + " is not one of the keys it was encrypted for"
                    : error;
            throw new InvalidInputException("Could not decrypt " + what + " with age: " + reason + ending);
        }
    }

    /** Starts age writing to {@code output}, an existing file whose mode (0600) stays. */
    private Process start(List<String> command, Path output, String purpose) {
        try {
            return new ProcessBuilder(command).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new InvalidInputException("The program " + program + " is needed to " + purpose
                    + " but could not be run (" + e.getMessage() + "): " + INSTALL + ".");
        }
    }

    private static void finish(Process process, String failure) {
        String error = finishQuietly(process);
        if (error != null) {
            throw new InvalidInputException(failure + ": " + error + ".");
        }
    }

    /** Waits for the process; its error text (one line) when it failed, else null. */
    private static String finishQuietly(Process process) {
        try {
            process.getOutputStream().close();
            byte[] err = process.getErrorStream().readAllBytes();
            int code = process.waitFor();
            if (code == 0) {
                return null;
            }
            String text = new String(err, StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("age: report unexpected"))
                    .map(l -> l.replaceFirst("^age: (error: )?", "")).findFirst().orElse("exit status " + code);
            return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while age ran", e);
        }
    }
}
