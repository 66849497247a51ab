package io.github.dockstart.output;

import io.github.dockstart.model.ProjectLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 of every file as dockstart last wrote it, kept in
 * {@code .devcontainer/.dockstart-manifest} in {@code sha256sum} format, so that a later run can
 * tell its own output from a file changed by hand.
 */
final class WriteManifest {

    static final String PATH = ProjectLayout.MANIFEST;

    private static final String INPUTS = "# inputs ";

    private final Path file;
    private final Map<String, String> hashes;
    private final Map<String, String> original;
    private final String originalInputs;
    private String inputs;

    private WriteManifest(Path file, Map<String, String> hashes, String inputs) {
        this.file = file;
        this.hashes = hashes;
        this.original = Map.copyOf(hashes);
        this.originalInputs = inputs;
        this.inputs = inputs;
    }

    static WriteManifest read(Path projectRoot) throws IOException {
        Path file = projectRoot.resolve(PATH);
        Map<String, String> hashes = new TreeMap<>();
        String inputs = "";
        for (String line : GeneratedFileWriter.readIfExists(file).orElse("").lines().toList()) {
            int gap = line.indexOf("  ");
            if (gap == 64) {
                hashes.put(line.substring(gap + 2), line.substring(0, gap));
            } else if (line.startsWith(INPUTS)) {
                inputs = line.substring(INPUTS.length()).trim();
            }
        }
        return new WriteManifest(file, hashes, inputs);
    }

    Path file() {
        return file;
    }

    boolean wroteExactly(String path, String content) {
        return sha256(content).equals(hashes.get(path));
    }

    void record(String path, String content) {
        hashes.put(path, sha256(content));
    }

    void forget(String path) {
        hashes.remove(path);
    }

    /** The stamp of the inputs the files were generated from, empty when unknown. */
    String inputs() {
        return inputs;
    }

    void recordInputs(String stamp) {
        inputs = stamp == null ? "" : stamp;
    }

    /** The paths dockstart wrote, as recorded. */
    java.util.Set<String> paths() {
        return hashes.keySet();
    }

    boolean changed() {
        return !hashes.equals(original) || !inputs.equals(originalInputs);
    }

    String render() {
        StringBuilder out = new StringBuilder("# written by dockstart: the files it generated, as it wrote them\n");
        if (!inputs.isEmpty()) {
            out.append(INPUTS).append(inputs).append('\n');
        }
        hashes.forEach((path, hash) -> out.append(hash).append("  ").append(path).append('\n'));
        return out.toString();
    }

    private static String sha256(String content) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
