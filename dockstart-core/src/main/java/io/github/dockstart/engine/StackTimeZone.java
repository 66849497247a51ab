package io.github.dockstart.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.rendering.SidecarSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The one clock rule of backup names: the host names, dates and compares backups in the stack's
 * time zone, the {@code TZ} the sidecar runs in (as {@code generate} wrote it into the Compose
 * file), so that a backup taken by either is named in the same local time and {@code latest} is the
 * newest in real time. A name carries no offset: it is read in this zone, never by file times,
 * which copies lose.
 */
public final class StackTimeZone {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private StackTimeZone() {
    }

    /**
     * @param configured  the zone the user set ({@code dockstart.timeZone}), or null/blank for the stack's
     * @param composeFile the generated Compose file, whose sidecar service sets {@code TZ}
     * @return the configured zone if set, else the stack's, else UTC (no sidecar: the sidecar's default)
     */
    public static ZoneId resolve(String configured, Path composeFile, DockstartLog log) {
        Optional<String> stack = read(composeFile, log);
        if (configured != null && !configured.isBlank()) {
            ZoneId zone = SidecarSettings.zone(configured);
            stack.filter(tz -> !tz.equals(zone.getId())).ifPresent(tz -> log.warn(SidecarSettings.TIME_ZONE_SETTING + "="
                    + zone.getId() + " differs from the sidecar's TZ=" + tz + " in " + composeFile.getFileName()
                    + ": backups taken here are named in " + zone.getId() + ", the sidecar's in " + tz
                    + ", so their names do not compare; run generate with the same time zone."));
            return zone;
        }
        return stack.map(tz -> zone(tz, composeFile)).orElse(ZoneId.of(SidecarSettings.DEFAULT_TIME_ZONE));
    }

    /** {@code TZ} of the sidecar service in the Compose file (map or list form of its environment), if any. */
    static Optional<String> read(Path composeFile, DockstartLog log) {
        if (!Files.isRegularFile(composeFile)) {
            return Optional.empty();
        }
        JsonNode environment;
        try {
            environment = YAML.readTree(composeFile.toFile()).path("services").path(SidecarSettings.SERVICE).path("environment");
        } catch (IOException e) {
            log.warn("Cannot read the sidecar's time zone from " + composeFile + " (" + e.getMessage().lines().findFirst().orElse("")
                    + "); naming backups in " + SidecarSettings.DEFAULT_TIME_ZONE + ".");
            return Optional.empty();
        }
        if (environment.isObject() && environment.path("TZ").isValueNode()) {
            return Optional.of(environment.path("TZ").asText().trim());
        }
        if (environment.isArray()) {
            for (JsonNode entry : environment) {
                if (entry.asText().startsWith("TZ=")) {
                    return Optional.of(entry.asText().substring(3).trim());
                }
            }
        }
        return Optional.empty();
    }

    private static ZoneId zone(String tz, Path composeFile) {
        try {
            return ZoneId.of(tz);
        } catch (java.time.DateTimeException e) {
            throw new InvalidInputException("The sidecar's TZ='" + tz + "' in " + composeFile + " is not a known time zone;"
                    + " set " + SidecarSettings.TIME_ZONE_SETTING + " to a name of the tz database such as UTC or Europe/Berlin.");
        }
    }
}
