package io.github.dockstart.rendering;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.PostgresMajor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The image the backup sidecar is built FROM. With PostgreSQL in the project it is the official
 * postgres image of the newest PostgreSQL major among the services, pinned to its Alpine release
 * ({@code postgres:18-alpine3.24}), as prodrigestivill/docker-postgres-backup-local does: pg_dump
 * and psql then have exactly that major for every major there is an image of, and a newer pg_dump
 * also dumps the older servers of the project. Without PostgreSQL it is plain {@code alpine:3.22}.
 * Either way the sidecar adds its other clients with apk, and only names that exist in that
 * Alpine release ({@code alpine-packages.txt}); the images and their releases are in
 * {@code postgres-alpine-images.txt}, both with their sources.
 *
 * @param image         what FROM names
 * @param alpineRelease the Alpine release the image is built on, e.g. {@code 3.24}
 * @param postgresMajor the PostgreSQL major of the image's pg_dump, empty for plain Alpine
 */
record SidecarBase(String image, String alpineRelease, OptionalInt postgresMajor) {

    /** The Alpine release of the sidecar of a project without PostgreSQL. */
    static final String PLAIN_ALPINE_RELEASE = "3.22";
    /** PostgreSQL major to Alpine release of its {@code postgres:MAJOR-alpineRELEASE} image. */
    static final TreeMap<Integer, String> POSTGRES_IMAGES = readPostgresImages();
    /** Alpine package name to the releases it exists in. */
    static final Map<String, Set<String>> PACKAGE_RELEASES = readPackageReleases();

    static SidecarBase of(List<DatabaseService> databases) {
        List<DatabaseService> postgres = databases.stream().filter(db -> db.type() == DatabaseType.POSTGRES).toList();
        if (postgres.isEmpty()) {
            return new SidecarBase("alpine:" + PLAIN_ALPINE_RELEASE, PLAIN_ALPINE_RELEASE, OptionalInt.empty());
        }
        int newest = POSTGRES_IMAGES.lastKey();
        int major = POSTGRES_IMAGES.firstKey();
        for (DatabaseService db : postgres) {
            // an image that names no major (postgres:latest, no tag) runs the newest
            int dbMajor = PostgresMajor.of(db).orElse(newest);
            if (dbMajor > newest) {
                throw new InvalidInputException("The PostgreSQL image " + db.image() + " of service " + db.name()
                        + " is PostgreSQL " + dbMajor + ", newer than every postgres:NN-alpine image dockstart knows"
                        + " (" + POSTGRES_IMAGES.firstKey() + " to " + newest + "), so no pg_dump could back it up;"
                        + " pin the image to postgres:" + newest + "-alpine or older, or update dockstart.");
            }
            // older servers than the oldest image are dumped by that image's pg_dump
            major = Math.max(major, dbMajor);
        }
        String release = POSTGRES_IMAGES.get(major);
        return new SidecarBase("postgres:" + major + "-alpine" + release, release, OptionalInt.of(major));
    }

    /** Whether Alpine has this package in this image's release. */
    boolean has(String apkPackage) {
        return PACKAGE_RELEASES.getOrDefault(apkPackage, Set.of()).contains(alpineRelease);
    }

    /** Fails when a package does not exist in this image's Alpine release: a sidecar that could not build. */
    void checkPackages(List<String> packages) {
        List<String> missing = packages.stream().filter(name -> !has(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("alpine-packages.txt lists no " + String.join(", ", missing)
                    + " for Alpine " + alpineRelease + " (the sidecar's base " + image + ")");
        }
    }

    private static TreeMap<Integer, String> readPostgresImages() {
        TreeMap<Integer, String> images = new TreeMap<>();
        for (String[] fields : read("postgres-alpine-images.txt")) {
            images.put(Integer.parseInt(fields[0]), fields[1]);
        }
        return images;
    }

    private static Map<String, Set<String>> readPackageReleases() {
        return read("alpine-packages.txt").stream().collect(Collectors.toUnmodifiableMap(fields -> fields[0],
                fields -> Arrays.stream(fields, 1, fields.length).map(release -> release.replace("*", ""))
                        .collect(Collectors.toUnmodifiableSet())));
    }

    /** The lines of a resource of this package without comments, split at blanks. */
    private static List<String[]> read(String resource) {
        try (InputStream in = SidecarBase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            List<String[]> lines = new ArrayList<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceAll("#.*", "").trim()).filter(line -> !line.isEmpty())
                    .forEach(line -> lines.add(line.split("\\s+")));
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
