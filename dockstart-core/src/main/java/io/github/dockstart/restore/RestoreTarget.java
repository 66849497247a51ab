package io.github.dockstart.restore;

import io.github.dockstart.backup.BackupDirectory;
import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.settings.PropertyNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which backup file goes into which service, chosen from what the user asked for
 * ({@code dockstart.backup}, {@code dockstart.service}) before anything is touched.
 */
public record RestoreTarget(DatabaseService service, Path file) {

    /**
     * @param services    the project's services
     * @param serviceName {@code dockstart.service}, may be null
     * @param requested   {@code dockstart.backup}: a name in the backup directory, a path in the project, or {@code latest}
     */
    public static RestoreTarget choose(List<DatabaseService> services, String serviceName, String requested, BackupDirectory directory) {
        if (services.isEmpty()) {
            throw new InvalidInputException("This project has no database to restore into.");
        }
        Optional<DatabaseService> named = Optional.ofNullable(serviceName).filter(s -> !s.isBlank()).map(s -> byName(services, s));
        if (BackupDirectory.LATEST.equals(requested)) {
            DatabaseService service = named.orElseGet(() -> only(services, PropertyNames.BACKUP + "=latest"));
            return new RestoreTarget(service, directory.resolve(requested, service.name()));
        }
        Path file = directory.resolve(requested, null);
        String fileName = file.getFileName().toString();
        Optional<BackupFileName> parsed = BackupFileName.parse(fileName);
        DatabaseService service = named.orElseGet(() -> parsed
                .flatMap(name -> services.stream().filter(s -> s.name().equals(name.container())).findFirst())
                .orElseGet(() -> only(services, "Backup " + fileName)));
        String extension = parsed.map(BackupFileName::extension).orElseGet(() -> extensionOf(fileName));
        if (!service.type().fileExtension().equals(extension)) {
            throw new InvalidInputException("Backup " + fileName + " is " + kind(extension) + ", but service '" + service.name()
                    + "' is " + service.type() + ", which restores from ." + service.type().fileExtension() + ".gz files.");
        }
        return new RestoreTarget(service, file);
    }

    private static DatabaseService byName(List<DatabaseService> services, String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidSettingException(PropertyNames.SERVICE, name, PropertyNames.SERVICE + "=" + name
                        + " is not a service of this project; it has: "
                        + names(services) + "."));
    }

    private static DatabaseService only(List<DatabaseService> services, String what) {
        if (services.size() == 1) {
            return services.get(0);
        }
        throw new InvalidSettingException(PropertyNames.SERVICE, null, what + " does not say which service it is for: set "
                + PropertyNames.SERVICE + " to one of "
                + names(services) + ".");
    }

    private static String extensionOf(String fileName) {
        for (DatabaseType type : DatabaseType.values()) {
            if (fileName.endsWith("." + type.fileExtension() + ".gz")) {
                return type.fileExtension();
            }
        }
        throw new InvalidInputException("Backup " + fileName + " is not a .sql.gz, .rdb.gz or .db.gz file.");
    }

    private static String kind(String extension) {
        return switch (extension) {
            case "sql" -> "a SQL dump (.sql.gz)";
            case "rdb" -> "a Redis snapshot (.rdb.gz)";
            case "db" -> "a SQLite database (.db.gz)";
            default -> "a ." + extension + ".gz file";
        };
    }

    private static String names(List<DatabaseService> services) {
        return services.stream().map(DatabaseService::name).collect(Collectors.joining(", "));
    }
}
