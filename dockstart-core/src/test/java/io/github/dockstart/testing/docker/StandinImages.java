package io.github.dockstart.testing.docker;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.MySqlServer;
import io.github.dockstart.testing.servers.TempDirs;
import io.github.dockstart.testing.servers.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The stand-ins for the official images that the generated files name ({@code postgres:16-alpine},
 * {@code alpine:3.22}, {@code maven:3.9-eclipse-temurin-17}, ...), built offline because no
 * registry is reachable. One Debian root file system ({@code standins/base}: mmdebstrap, then
 * {@code docker import}) carries every server and client; each stand-in is a small
 * {@code docker build} on top that keeps its official image's documented contract (environment
 * variables, first-start initialisation, data directory, port, entrypoint, the tools its health
 * check calls).
 *
 * <p>Every image is labelled with the hash of its recipe and rebuilt only when the recipe changes;
 * the root file system's tar is kept in the cache too, so a new engine data root re-imports it
 * without downloading again.
 *
 * <p>What the stand-ins cannot prove: that the official images' own binaries behave as Debian's do
 * (PostgreSQL 15, MariaDB 10.11, Redis 7.0 and OpenJDK 17 from Debian 12 answer for every tag;
 * MySQL is 8.0.15 from Presto's test binaries, see {@code MySqlServer}), or
 * that Alpine's packages install and run (the {@code apk} stand-in only checks that each package
 * name exists in that Alpine release). Each Dockerfile's header says what it stands for.
 */
final class StandinImages {

    static final String RECIPE_LABEL = "io.github.dockstart.standin.recipe";
    private static final String BASE = "base";

    private StandinImages() {
    }

    /** Builds what is missing or out of date; returns quickly when every image is current. */
    static void ensure(Dockerd engine) {
        Path recipes = recipesDirectory();
        String baseTag = ensureBase(engine, recipes.resolve(BASE));
        try (Stream<Path> dirs = Files.list(recipes)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (!dir.getFileName().toString().equals(BASE)) {
                    ensureStandin(engine, dir, baseTag);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the stand-in recipes in " + recipes, e);
        }
    }

    private static String ensureBase(Dockerd engine, Path recipe) {
        String hash = hash(recipe, "");
        String tag = "dockstart-standin-base:" + hash.substring(0, 16);
        if (engine.docker("image", "inspect", tag).run().exitCode() == 0) {
            return tag;
        }
        Path tar = TestCache.rootFileSystems().resolve("base-" + hash.substring(0, 16) + ".tar");
        if (!Files.isRegularFile(tar)) {
            buildRootFileSystem(recipe, tar);
        }
        engine.docker("import", tar.toString(), tag).timeout(Duration.ofMinutes(10)).run().orFail();
        return tag;
    }

    /** mmdebstrap from Debian's archive (on the host: the engine's namespace has no route out). */
    private static void buildRootFileSystem(Path recipe, Path tar) {
        Path mmdebstrap = Tools.require("mmdebstrap", "mmdebstrap");
        List<String> packages;
        try {
            Files.createDirectories(tar.getParent());
            packages = Files.readAllLines(recipe.resolve("packages")).stream()
                    .map(line -> line.replaceAll("#.*", "").trim()).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + recipe.resolve("packages"), e);
        }
        Path partial = tar.resolveSibling("partial-" + tar.getFileName());
        Exec.of(mmdebstrap.toString(), "--variant=apt", "--format=tar", "--include=" + String.join(",", packages),
                        "--customize-hook=sh '" + recipe.resolve("customize.sh") + "' \"$1\"",
                        "bookworm", partial.toString(), "http://deb.debian.org/debian")
                .timeout(Duration.ofMinutes(20)).run().orFail();
        try {
            Files.move(partial, tar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + partial + " to " + tar, e);
        }
    }

    private static void ensureStandin(Dockerd engine, Path recipe, String baseTag) {
        // a recipe with a "binaries" file builds on the MySQL binaries of MySqlServer's jar too
        boolean mysqlBinaries = Files.isRegularFile(recipe.resolve("binaries"));
        String hash = hash(recipe, baseTag + (mysqlBinaries ? MySqlServer.binariesIdentity() : ""));
        List<String> tags;
        try {
            tags = Dockerd.lines(Files.readString(recipe.resolve("tags")));
        } catch (IOException e) {
            throw new UncheckedIOException("the stand-in " + recipe + " has no tags file", e);
        }
        if (tags.stream().allMatch(tag -> hash.equals(label(engine, tag)))) {
            return;
        }
        List<String> build = new ArrayList<>(List.of("build", "-q", "--build-arg", "BASE=" + baseTag,
                "--label", RECIPE_LABEL + "=" + hash));
        tags.forEach(tag -> build.addAll(List.of("-t", tag)));
        Path context = mysqlBinaries ? contextWithMySqlBinaries(recipe) : recipe;
        try {
            build.add(context.toString());
            engine.docker(build).timeout(Duration.ofMinutes(10)).run().orFail();
        } finally {
            if (mysqlBinaries) {
                TempDirs.deleteRecursively(context);
            }
        }
    }

    /** A copy of the recipe with the MySQL binaries in mysql/, as the build context. */
    private static Path contextWithMySqlBinaries(Path recipe) {
        Path context = TempDirs.create("ds-standin-");
        try (Stream<Path> files = Files.list(recipe)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, context.resolve(file.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the stand-in recipe " + recipe, e);
        }
        MySqlServer.unpackBinaries(context.resolve("mysql"));
        return context;
    }

    private static String label(Dockerd engine, String tag) {
        Exec.Result inspect = engine.docker("image", "inspect", "--format",
                "{{index .Config.Labels \"" + RECIPE_LABEL + "\"}}", tag).run();
        return inspect.exitCode() == 0 ? inspect.stdout().trim() : "";
    }

    /** SHA-256 over every file of the recipe (names and contents) and what it builds on. */
    private static String hash(Path recipe, String builtOn) {
        try (Stream<Path> files = Files.walk(recipe)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(builtOn.getBytes(StandardCharsets.UTF_8));
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                digest.update(recipe.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
                digest.update((byte) (Files.isExecutable(file) ? 1 : 0));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stand-in recipe " + recipe, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code dockstart-core/src/test/standins}: named by the build ({@code dockstart.standins}),
     * else found from the working directory of the core module or of a sibling module.
     */
    static Path recipesDirectory() {
        String configured = System.getProperty("dockstart.standins");
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("src/test/standins"));
        candidates.add(Path.of("../dockstart-core/src/test/standins"));
        return candidates.stream().filter(dir -> Files.isDirectory(dir.resolve(BASE))).findFirst()
                .map(Path::toAbsolutePath).map(Path::normalize)
                .orElseThrow(() -> new IllegalStateException("cannot find the stand-in recipes (dockstart-core/src/test/standins);"
                        + " set -Ddockstart.standins=DIR"));
    }
}
