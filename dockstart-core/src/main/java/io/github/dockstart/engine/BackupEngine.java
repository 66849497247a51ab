package io.github.dockstart.engine;

import io.github.dockstart.access.CommandRunner;
import io.github.dockstart.access.Connection;
import io.github.dockstart.access.DatabaseAccess;
import io.github.dockstart.access.DatabaseAccessFactory;
import io.github.dockstart.access.DockerCompose;
import io.github.dockstart.access.PostgresAccess;
import io.github.dockstart.access.Via;
import io.github.dockstart.backup.BackupDirectory;
import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.backup.ProgressMeter;
import io.github.dockstart.backup.BackupService;
import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.backup.RememberedVerdicts;
import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.backup.RotationService;
import io.github.dockstart.backup.SafetyRetention;
import io.github.dockstart.backup.StoredBackup;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.restore.Confirmation;
import io.github.dockstart.restore.RestoreDrill;
import io.github.dockstart.restore.RestoreService;
import io.github.dockstart.restore.RestoreTarget;
import io.github.dockstart.storage.BucketCredentials;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.settings.PropertyNames;
import io.github.dockstart.storage.RemoteBackup;
import io.github.dockstart.storage.RemoteBackupStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The host side of backups, as the Maven goals (or any other front end) use it: back up, restore,
 * list, rotate and verify the backups of a detected project.
 */
public final class BackupEngine {

    private final ProjectModel model;
    private final EngineSettings settings;
    private final DockstartLog log;
    private final Clock clock;
    private final BackupDirectory directory;
    private final DatabaseAccessFactory accessFactory;
    private final DockerCompose stack;

    public BackupEngine(ProjectModel model, EngineSettings settings, DockstartLog log) {
        this(model, settings, log, Clock.system(settings.zone()));
    }

    BackupEngine(ProjectModel model, EngineSettings settings, DockstartLog log, Clock clock) {
        this.model = model;
        this.settings = settings;
        this.log = log;
        this.clock = clock;
        this.directory = new BackupDirectory(settings.backupDirectory(), settings.projectRoot(), clock);
        CommandRunner runner = new CommandRunner(settings.projectRoot());
        this.stack = new DockerCompose(settings.composeFile(), settings.dockerProgram(), runner);
        this.accessFactory = new DatabaseAccessFactory(settings.projectRoot(), runner, stack);
    }

    /**
     * Backs up every service, or only {@code serviceName}; returns the files written. With a
     * bucket configured, each verified backup is then copied there with its checksum, as the
     * sidecar's {@code backup.sh} does: a failed copy keeps the local backup, the other services
     * are still backed up, and the run then fails naming the backups that are only local.
     */
    public List<Path> backup(String serviceName) throws IOException {
        List<DatabaseService> services = serviceName == null || serviceName.isBlank()
                ? requireServices() : List.of(service(serviceName));
        BackupService backups = new BackupService(directory, clock, log);
        List<Path> written = new ArrayList<>();
        List<String> onlyLocal = new ArrayList<>();
        try (RemoteBackupStore store = settings.remote().map(this::store).orElse(null)) {
            for (DatabaseService service : services) {
                Path backup = backups.backup(service, access(service));
                written.add(backup);
                if (store != null) {
                    try {
                        store.upload(backup);
                    } catch (InvalidInputException e) {
                        log.warn(e.getMessage() + " The local backup " + backup.getFileName() + " is kept.");
                        onlyLocal.add(backup.getFileName().toString());
                    }
                }
            }
        }
        if (!onlyLocal.isEmpty()) {
            throw new InvalidInputException("The copy to " + settings.remote().orElseThrow().uri("") + " failed for "
                    + String.join(", ", onlyLocal) + "; the local backups are kept in " + directory.path() + ".");
        }
        return written;
    }

    private RemoteBackupStore store(BucketSettings bucket) {
        return new RemoteBackupStore(bucket, BucketCredentials.forProject(bucket, settings.projectRoot()), log);
    }

    /**
     * Restores the backup the user named into its service; returns the safety backup, if one was
     * taken. A remote backup ({@code s3://...}, or a name found only in the bucket) is downloaded
     * into the backup directory and verified first.
     */
    public Optional<Path> restore(String requested, String serviceName, Confirmation confirmation) throws IOException {
        return restore(requested, serviceName, confirmation, true);
    }

    /** @param safetyCopy false only when the user said so ({@code dockstart.safetyCopy=false}) */
    public Optional<Path> restore(String requested, String serviceName, Confirmation confirmation, boolean safetyCopy)
            throws IOException {
        String local = requested;
        if (settings.remote().isPresent() && isRemote(requested)) {
            try (RemoteBackupStore store = store(settings.remote().get())) {
                RemoteBackup remote = store.resolve(requested, serviceName);
                log.info("Downloading " + remote.uri() + " (" + ProgressMeter.size(remote.size()) + ")");
                local = store.download(remote, directory.path()).getFileName().toString();
            }
        } else if (RemoteBackupStore.isRemoteAddress(requested)) {
            throw new InvalidSettingException(PropertyNames.BACKUP, requested, PropertyNames.BACKUP + "=" + requested
                    + " is remote, but no bucket is configured: set " + PropertyNames.S3_BUCKET + " (and "
                    + PropertyNames.S3_ENDPOINT + " for a store other than AWS).");
        }
        RestoreTarget target = RestoreTarget.choose(model.services(), serviceName, local, directory);
        DatabaseAccess access = access(target.service());
        return new RestoreService(new BackupService(directory, clock, log), log, safetyCopy, clock).restore(target, access, confirmation);
    }

    /**
     * Every backup in the directory, newest first, each verified and marked when future-dated; an
     * unchanged file's good verdict is remembered from an earlier check ({@link RememberedVerdicts}).
     */
    public List<Listing> list() {
        return listings(directory.path(), directory.list());
    }

    /** The safety copies taken before restores ({@code backups/safety/}), newest first, each verified. */
    public List<Listing> listSafetyCopies() {
        return listings(directory.safetyPath(), directory.safetyCopies());
    }

    private List<Listing> listings(Path folder, List<StoredBackup> stored) {
        RememberedVerdicts memory = RememberedVerdicts.in(folder);
        LocalDateTime now = LocalDateTime.now(clock);
        List<Listing> listings = stored.stream().map(b -> {
            RememberedVerdicts.Checked checked = memory.verify(b.file(), serviceType(b));
            return new Listing(b, typeOf(b), Duration.between(b.name().takenAt(), now), checked.verdict(),
                    b.name().isFutureDated(now), checked.remembered(), RestoreDrill.last(b.file()));
        }).toList();
        remember(memory, folder);
        return listings;
    }

    /** Remembering is an optimisation: a read-only or full backups/ only means the next list checks again. */
    private void remember(RememberedVerdicts memory, Path folder) {
        try {
            memory.save();
        } catch (IOException e) {
            log.debug("Could not remember the verdicts in " + folder.resolve(RememberedVerdicts.FILE_NAME) + ": " + e.getMessage());
        }
    }

    /**
     * The backups whose time lies ahead of the clock (a clock that jumped, or is behind now): kept,
     * but not what {@code latest} means and not counted towards keep-min; {@code list} and
     * {@code verify} name them.
     */
    public List<StoredBackup> futureDated() {
        LocalDateTime now = LocalDateTime.now(clock);
        return directory.list().stream().filter(b -> b.name().isFutureDated(now)).toList();
    }

    /** Now, in the zone backups are named in. */
    public LocalDateTime now() {
        return LocalDateTime.now(clock).withNano(0);
    }

    /** The zone backups are named in: the stack's {@code TZ}. */
    public java.time.ZoneId zone() {
        return clock.getZone();
    }

    /**
     * The databases PostgreSQL restores replaced and kept ({@code {db}_before_restore_{time}}), newest
     * first, per service; a server that cannot be reached is left out (said at debug level).
     */
    public Map<String, List<PostgresAccess.SafetyDatabase>> safetyDatabases() {
        Map<String, List<PostgresAccess.SafetyDatabase>> result = new LinkedHashMap<>();
        for (DatabaseService service : model.services()) {
            if (service.type() == DatabaseType.POSTGRES) {
                try {
                    result.put(service.name(), ((PostgresAccess) access(service)).safetyDatabases());
                } catch (IOException e) {
                    log.debug("Could not look for the safety databases of " + service.name() + ": " + e.getMessage());
                }
            }
        }
        return result;
    }

    /**
     * Drops all but the newest {@code keep} safety databases of each PostgreSQL service (or, in a
     * dry run, only says which); returns their names.
     */
    public List<String> rotateSafetyDatabases(int keep, boolean dryRun) throws IOException {
        List<String> dropped = new ArrayList<>();
        for (DatabaseService service : model.services()) {
            if (service.type() != DatabaseType.POSTGRES) {
                continue;
            }
            PostgresAccess db = (PostgresAccess) access(service);
            List<PostgresAccess.SafetyDatabase> copies;
            try {
                copies = db.safetyDatabases();
            } catch (IOException e) {
                log.warn("Could not look for the safety databases of " + service.name() + ": " + e.getMessage());
                continue;
            }
            for (int i = 0; i < copies.size(); i++) {
                PostgresAccess.SafetyDatabase copy = copies.get(i);
                String what = copy.name() + " (" + ProgressMeter.size(copy.bytes()) + ")";
                if (i < keep) {
                    log.info("Safety database of " + service.name() + " kept: " + what);
                } else if (dryRun) {
                    log.info("Safety database of " + service.name() + " would be dropped: " + what);
                    dropped.add(copy.name());
                } else {
                    db.drop(copy.name());
                    log.info("Safety database of " + service.name() + " dropped: " + what);
                    dropped.add(copy.name());
                }
            }
        }
        return dropped;
    }

    /** The backups in the configured bucket, newest first; empty when none is configured. */
    public List<RemoteBackup> listRemote() {
        if (settings.remote().isEmpty()) {
            return List.of();
        }
        try (RemoteBackupStore store = store(settings.remote().get())) {
            return store.list();
        }
    }

    /**
     * The backups in the configured bucket, newest first, each with what could be checked of it:
     * that its checksum objects are there (the copy is complete), and, for an encrypted copy when
     * the identity is given, its content too, as a restore would check it (a download of each);
     * empty when no bucket is configured.
     */
    public List<RemoteListing> remoteListings() {
        if (settings.remote().isEmpty()) {
            return List.of();
        }
        try (RemoteBackupStore store = store(settings.remote().get())) {
            boolean canDecrypt = settings.remote().get().ageIdentity() != null;
            return store.list().stream().map(b -> b.encrypted() && canDecrypt && b.good()
                    ? new RemoteListing(b, true, store.checkEncrypted(b, directory.path()))
                    : new RemoteListing(b, false, Optional.empty())).toList();
        }
    }

    /**
     * One line of the bucket's part of {@code list}.
     *
     * @param contentChecked whether the copy was read and checked in full (an encrypted copy, decrypted
     *                       with the identity); otherwise only its checksum objects were seen
     * @param problem        why a checked copy is bad; empty when it is good or was not read
     */
    public record RemoteListing(RemoteBackup backup, boolean contentChecked, Optional<String> problem) {
    }

    /** An address in the bucket, or a bare name that is not in the local backup directory. */
    private boolean isRemote(String requested) {
        if (RemoteBackupStore.isRemoteAddress(requested)) {
            return true;
        }
        return requested != null && !requested.equals(BackupDirectory.LATEST) && !requested.contains("/")
                && BackupFileName.parse(requested).isPresent() && !Files.exists(directory.path().resolve(requested));
    }

    /** Applies the retention rules to the backups of this project's services. */
    public List<StoredBackup> rotate(RetentionPolicy policy, boolean dryRun) throws IOException {
        return new RotationService(log).rotate(directory, policy, extensions(), LocalDateTime.now(clock), dryRun);
    }

    /** Keeps the newest safety copies of each service; they never count as backups. */
    public List<StoredBackup> rotateSafetyCopies(SafetyRetention retention, boolean dryRun) throws IOException {
        return new RotationService(log).rotateSafetyCopies(directory, retention, extensions(), dryRun);
    }

    /**
     * Applies the same retention rules to the backups in the configured bucket, as the sidecar's
     * {@code s3_rotate} does after each backup; empty when no bucket is configured.
     */
    public List<RemoteBackup> rotateBucket(RetentionPolicy policy, boolean dryRun) {
        if (settings.remote().isEmpty()) {
            return List.of();
        }
        try (RemoteBackupStore store = store(settings.remote().get())) {
            return store.rotate(policy, extensions(), LocalDateTime.now(clock), dryRun);
        }
    }

    private Map<String, String> extensions() {
        return model.services().stream().collect(Collectors.toMap(DatabaseService::name, s -> s.type().fileExtension()));
    }

    /**
     * Restore drills ({@link RestoreDrill}): the backup the user named ({@code requested}, as for
     * restore), or the newest backup of each service (of the one named); services without a
     * backup are skipped with a line in the log. Each result is also written beside its backup.
     */
    public List<RestoreDrill.Result> drill(String requested, String serviceName) throws IOException {
        List<RestoreTarget> targets = new ArrayList<>();
        if (requested != null && !requested.isBlank()) {
            targets.add(RestoreTarget.choose(model.services(), serviceName, requested, directory));
        } else {
            List<DatabaseService> services = serviceName == null || serviceName.isBlank() ? requireServices() : List.of(service(serviceName));
            for (DatabaseService s : services) {
                try {
                    targets.add(new RestoreTarget(s, directory.resolve(BackupDirectory.LATEST, s.name())));
                } catch (InvalidInputException e) {
                    log.info("No backup of " + s.name() + " to drill: " + e.getMessage());
                }
            }
        }
        RestoreDrill drill = new RestoreDrill(log, clock);
        List<RestoreDrill.Result> results = new ArrayList<>();
        for (RestoreTarget target : targets) {
            results.add(drill.run(target.service(), target.file(), access(target.service())));
        }
        return results;
    }

    /** Verifies every backup, each read in full, whatever {@code list} remembers; the verdicts, good and bad. */
    public List<BackupVerifier.Verdict> verify() {
        RememberedVerdicts memory = RememberedVerdicts.in(directory.path());
        List<BackupVerifier.Verdict> verdicts = directory.list().stream().map(b -> memory.check(b.file(), serviceType(b))).toList();
        remember(memory, directory.path());
        return verdicts;
    }

    /**
     * Where each database of the running stack is reachable from this machine (service name to
     * {@code host:port}); the generated stack publishes on ports Docker picks, so this is how a
     * developer finds them. Empty when the stack is not running.
     */
    public Map<String, String> publishedAddresses() {
        Set<String> running = stack.runningServices();
        Map<String, String> addresses = new LinkedHashMap<>();
        for (DatabaseService service : model.services()) {
            if (service.type().hasServer() && running.contains(service.name())) {
                stack.publishedAddress(service.name(), service.type().defaultPort())
                        .ifPresent(address -> addresses.put(service.name(), address));
            }
        }
        return addresses;
    }

    public ProjectModel model() {
        return model;
    }

    public BackupDirectory directory() {
        return directory;
    }

    /** One line of {@code list}. */
    public record Listing(StoredBackup backup, String type, Duration age, BackupVerifier.Verdict verdict, boolean futureDated,
            boolean remembered, Optional<RestoreDrill.Summary> drill) {
    }

    /** The type of the service a backup belongs to, when it fits the file (else its content is judged by its extension). */
    private Optional<DatabaseType> serviceType(StoredBackup backup) {
        return model.services().stream().filter(s -> s.name().equals(backup.name().container())).findFirst()
                .map(DatabaseService::type).filter(type -> backup.name().fits(type));
    }

    /** The type of the service a backup belongs to, or its extension for a backup of no known service. */
    private String typeOf(StoredBackup backup) {
        return model.services().stream().filter(s -> s.name().equals(backup.name().container())).findFirst()
                .map(s -> s.type().id())
                .orElseGet(() -> backup.name().extension());
    }

    private DatabaseAccess access(DatabaseService service) {
        Via via = accessFactory.resolve(settings.via(), service);
        Connection connection = connection(service);
        DatabaseAccessFactory.requireSingleLine(connection.password());
        log.debug(service.name() + ": reached " + (via == Via.COMPOSE ? "through docker compose" : "with local clients"));
        return accessFactory.create(service, connection, via, settings.redisDataDir());
    }

    private Connection connection(DatabaseService service) {
        EngineSettings.ConnectionOverrides o = settings.overrides();
        String detectedDatabase = service.type() == DatabaseType.SQLITE ? service.path() : service.database();
        return new Connection(
                firstNonNull(o.host(), service.host() == null || service.host().isBlank() ? "localhost" : service.host()),
                o.port() != null ? o.port() : service.port(),
                firstNonNull(o.user(), service.user() == null ? "" : service.user()),
                firstNonNull(o.password(), service.password() == null ? "" : service.password()),
                firstNonNull(o.database(), detectedDatabase));
    }

    private List<DatabaseService> requireServices() {
        if (model.services().isEmpty()) {
            throw new InvalidInputException("This project has no database to back up.");
        }
        return model.services();
    }

    private DatabaseService service(String name) {
        return model.services().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidSettingException(PropertyNames.SERVICE, name, PropertyNames.SERVICE + "=" + name
                        + " is not a service of this project; it has: "
                        + model.services().stream().map(DatabaseService::name).collect(Collectors.joining(", ")) + "."));
    }

    private static String firstNonNull(String override, String detected) {
        return override != null && !override.isEmpty() ? override : detected;
    }
}
