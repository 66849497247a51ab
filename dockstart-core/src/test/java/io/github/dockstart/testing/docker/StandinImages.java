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
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The stand-ins for the official images that the generated files name ({@code postgres:16-alpine},
 * {@code alpine:3.22}, {@code maven:3.9-eclipse-temurin-17}, ...), built offline because no
 * registry is reachable. A Debian root file system ({@code standins/base}: mmdebstrap, then
 * {@code docker import}) carries the servers and clients; each stand-in is a small
 * {@code docker build} on top that keeps its official image's documented contract (environment
 * variables, first-start initialisation, data directory, port, entrypoint, the tools its health
 * check calls).
 *
 * <p>Layout of {@code standins/}: a directory with a {@code packages} file is a root file system
 * (its {@code suite} file names the Debian suite, bookworm by default, and further apt sources);
 * a directory with a {@code tags} file is a stand-in image. A stand-in's optional {@code recipe}
 * file says, one a line: {@code root DIR} (the root file system it builds on, {@code base} by
 * default), {@code include PATH} (a file of another recipe, relative to {@code standins/}, copied
 * into the build context, so that stand-ins share files such as the {@code apk} stand-in) and
 * {@code build-arg NAME=VALUE}. Root file systems are built only when a stand-in needs them.
 *
 * <p>Every image is labelled with the hash of its recipe and rebuilt only when the recipe changes;
 * the root file systems' tars are kept in the cache too, so a new engine data root re-imports them
 * without downloading again.
 *
 * <p>What the stand-ins cannot prove: that the official images' own binaries behave as Debian's do
 * (PostgreSQL 15, MariaDB 10.11, Redis 7.0 and OpenJDK 17 from Debian 12 answer for most tags;
 * PostgreSQL 13 and 18 are Debian 11's and Debian forky's; MySQL is 8.0.15 from Presto's test
 * binaries, see {@code MySqlServer}), or that Alpine's packages install and
 * run (the {@code apk} stand-in only checks that each package name exists in that Alpine release).
 * Each Dockerfile's header says what it stands for.
 */
final class StandinImages {

    static final String RECIPE_LABEL = "io.github.dockstart.standin.recipe";
    private static final String BASE = "base";
    private static final String DEFAULT_SUITE = "bookworm";
    private static final String MIRROR = "http://deb.debian.org/debian";

    private StandinImages() {
    }

    /** How one stand-in is built: its root file system, files shared from other recipes, build arguments. */
    private record Recipe(Path dir, String root, List<Path> includes, List<String> buildArgs) {

        static Recipe read(Path standins, Path dir) {
            String root = BASE;
            List<Path> includes = new ArrayList<>();
            List<String> buildArgs = new ArrayList<>();
            Path file = dir.resolve("recipe");
            if (Files.isRegularFile(file)) {
                for (String line : meaningfulLines(file)) {
                    String[] words = line.split("\\s+", 2);
                    String value = words.length > 1 ? words[1].trim() : "";
                    switch (words[0]) {
                        case "root" -> root = value;
                        case "include" -> includes.add(standins.resolve(value).normalize());
                        case "build-arg" -> buildArgs.add(value);
                        default -> throw new IllegalStateException(file + ": unknown line '" + line + "'");
                    }
                }
            }
            for (Path include : includes) {
                if (!Files.isRegularFile(include)) {
                    throw new IllegalStateException(file + " includes " + include + ", which does not exist");
                }
            }
            return new Recipe(dir, root, List.copyOf(includes), List.copyOf(buildArgs));
        }
    }

    /** Builds what is missing or out of date; returns quickly when every image is current. */
    static void ensure(Dockerd engine) {
        Path standins = recipesDirectory();
        Map<String, String> rootTags = new HashMap<>();
        try (Stream<Path> dirs = Files.list(standins)) {
            for (Path dir : dirs.filter(dir -> Files.isRegularFile(dir.resolve("tags"))).sorted().toList()) {
                Recipe recipe = Recipe.read(standins, dir);
                String rootTag = rootTags.computeIfAbsent(recipe.root(),
                        root -> ensureRoot(engine, standins.resolve(root)));
                ensureStandin(engine, recipe, rootTag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the stand-in recipes in " + standins, e);
        }
    }

    private static String ensureRoot(Dockerd engine, Path recipe) {
        if (!Files.isRegularFile(recipe.resolve("packages"))) {
            throw new IllegalStateException(recipe + " is not a root file system recipe (it has no packages file)");
        }
        String name = recipe.getFileName().toString();
        String hash = hash(recipe, List.of(), "");
        String tag = "dockstart-standin-" + name + ":" + hash.substring(0, 16);
        if (engine.docker("image", "inspect", tag).run().exitCode() == 0) {
            return tag;
        }
        Path tar = TestCache.rootFileSystems().resolve(name + "-" + hash.substring(0, 16) + ".tar");
        if (!Files.isRegularFile(tar)) {
            buildRootFileSystem(recipe, tar);
        }
        engine.docker("import", tar.toString(), tag).timeout(Duration.ofMinutes(10)).run().orFail();
        return tag;
    }

    /** mmdebstrap from Debian's archive (on the host: the engine's namespace has no route out). */
    private static void buildRootFileSystem(Path recipe, Path tar) {
        Path mmdebstrap = Tools.require("mmdebstrap", "mmdebstrap");
        List<String> packages = meaningfulLines(recipe.resolve("packages"));
        List<String> suite = Files.isRegularFile(recipe.resolve("suite"))
                ? meaningfulLines(recipe.resolve("suite")) : List.of(DEFAULT_SUITE);
        try {
            Files.createDirectories(tar.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tar.getParent(), e);
        }
        Path partial = tar.resolveSibling("partial-" + tar.getFileName());
        List<String> command = new ArrayList<>(List.of(mmdebstrap.toString(), "--variant=apt", "--format=tar",
                // the archive may be a snapshot whose Release files have passed their Valid-Until
                "--aptopt=Acquire::Check-Valid-Until \"false\"",
                "--include=" + String.join(",", packages),
                "--customize-hook=sh '" + recipe.resolve("customize.sh") + "' \"$1\""));
        if (suite.size() > 1) {
            // other suites' packages only where a package asks for one (name/suite)
            command.add("--aptopt=APT::Default-Release \"" + suite.get(0) + "\"");
        }
        command.add(suite.get(0));
        command.add(partial.toString());
        if (suite.size() > 1) {
            command.add("deb " + MIRROR + " " + suite.get(0) + " main");
            command.addAll(suite.subList(1, suite.size()));
        } else {
            command.add(MIRROR);
        }
        Exec.of(command).timeout(Duration.ofMinutes(20)).run().orFail();
        try {
            Files.move(partial, tar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + partial + " to " + tar, e);
        }
    }

    private static void ensureStandin(Dockerd engine, Recipe recipe, String rootTag) {
        // a recipe with a "binaries" file builds on the MySQL binaries of MySqlServer's jar too
        boolean mysqlBinaries = Files.isRegularFile(recipe.dir().resolve("binaries"));
        String hash = hash(recipe.dir(), recipe.includes(), rootTag + (mysqlBinaries ? MySqlServer.binariesIdentity() : ""));
        List<String> tags;
        try {
            tags = Dockerd.lines(Files.readString(recipe.dir().resolve("tags")));
        } catch (IOException e) {
            throw new UncheckedIOException("the stand-in " + recipe.dir() + " has no tags file", e);
        }
        if (tags.stream().allMatch(tag -> hash.equals(label(engine, tag)))) {
            return;
        }
        List<String> build = new ArrayList<>(List.of("build", "-q", "--build-arg", "BASE=" + rootTag,
                "--label", RECIPE_LABEL + "=" + hash));
        recipe.buildArgs().forEach(arg -> build.addAll(List.of("--build-arg", arg)));
        tags.forEach(tag -> build.addAll(List.of("-t", tag)));
        Path context = recipe.includes().isEmpty() && !mysqlBinaries ? recipe.dir() : context(recipe);
        if (mysqlBinaries) {
            MySqlServer.unpackBinaries(context.resolve("mysql"));
        }
        try {
            build.add(context.toString());
            engine.docker(build).timeout(Duration.ofMinutes(10)).run().orFail();
        } finally {
            if (!context.equals(recipe.dir())) {
                TempDirs.deleteRecursively(context);
            }
        }
    }

    /** The recipe's own files plus its includes, in a directory of their own (a build context to add to). */
    private static Path context(Recipe recipe) {
        Path context = TempDirs.create("ds-standin-");
        try (Stream<Path> files = Files.list(recipe.dir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, context.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
            for (Path include : recipe.includes()) {
                Path target = context.resolve(include.getFileName());
                if (Files.exists(target)) {
                    throw new IllegalStateException(recipe.dir() + " includes " + include + ", but has a file of that name");
                }
                Files.copy(include, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
            return context;
        } catch (IOException e) {
            TempDirs.deleteRecursively(context);
            throw new UncheckedIOException("cannot assemble the build context of " + recipe.dir(), e);
        }
    }

    private static String label(Dockerd engine, String tag) {
        Exec.Result inspect = engine.docker("image", "inspect", "--format",
                "{{index .Config.Labels \"" + RECIPE_LABEL + "\"}}", tag).run();
        return inspect.exitCode() == 0 ? inspect.stdout().trim() : "";
    }

    /** SHA-256 over every file of the recipe and its includes (names and contents) and what it builds on. */
    private static String hash(Path recipe, List<Path> includes, String builtOn) {
        try (Stream<Path> files = Files.walk(recipe)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(builtOn.getBytes(StandardCharsets.UTF_8));
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                digest(digest, recipe.relativize(file).toString(), file);
            }
            for (Path include : includes) {
                digest(digest, "include:" + include.getFileName(), include);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stand-in recipe " + recipe, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void digest(MessageDigest digest, String name, Path file) throws IOException {
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Files.readAllBytes(file));
        digest.update((byte) (Files.isExecutable(file) ? 1 : 0));
    }

    private static List<String> meaningfulLines(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .map(line -> line.replaceAll("#.*", "").trim()).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
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
