package io.github.dockstart.detection;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.AppSetting.Naming;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.Evidence;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the databases a Maven project uses: pom dependencies of every reactor module, Spring
 * Boot / Quarkus / Micronaut configuration, an existing Compose file and {@code .env}.
 */
public final class ProjectDetector {

    private static final String SPRING_BOOT_DOCKER_COMPOSE = "org.springframework.boot:spring-boot-docker-compose";
    /** The Compose file Spring Boot's Compose support starts, when not the one in the working directory. */
    private static final String SPRING_DOCKER_COMPOSE_FILE = "spring.docker.compose.file";

    private final DockstartLog log;

    public ProjectDetector(DockstartLog log) {
        this.log = log;
    }

    /**
     * @param projectRoot directory holding the top {@code pom.xml}
     * @throws io.github.dockstart.model.InvalidInputException when a file is malformed, naming file and line
     */
    public ProjectModel detect(Path projectRoot) {
        return detect(projectRoot, List.of());
    }

    /**
     * @param effectivePoms what the build tool knows of the reactor's projects after inheritance
     *                      and interpolation; it takes the place of each module's pom as written
     */
    public ProjectModel detect(Path projectRoot, List<EffectivePom> effectivePoms) {
        Path root = projectRoot.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(root + " is not a directory: dockstart needs the root directory of a Maven project.");
        }
        List<MavenModule> modules = EffectivePom.apply(new ReactorReader(log).read(root), effectivePoms, root);
        String artifactId = modules.get(0).pom().artifactId();
        String name = artifactId == null || artifactId.isBlank() ? String.valueOf(root.getFileName()) : artifactId;
        String javaVersion = JavaVersionResolver.resolve(modules);
        Set<Framework> frameworks = frameworks(modules);

        List<DatabaseClue> config = new ArrayList<>();
        List<ConfigProperty> springComposeFiles = new ArrayList<>();
        ApplicationConfigReader configReader = new ApplicationConfigReader(root, log);
        DatasourceConfigReader datasourceReader = new DatasourceConfigReader(log,
                frameworks.contains(Framework.SPRING_BOOT) ? Naming.SPRING_BOOT : Naming.ENVIRONMENT);
        for (MavenModule module : modules) {
            List<ConfigDocument> documents = configReader.read(module.directory());
            documents.forEach(document -> document.properties().stream()
                    .filter(property -> property.key().equals(SPRING_DOCKER_COMPOSE_FILE)).forEach(springComposeFiles::add));
            config.addAll(datasourceReader.read(documents));
        }
        DotEnvFile dotEnv = DotEnvFile.read(root);
        ComposeFileReader composeReader = new ComposeFileReader(root, log);
        Optional<ComposeFileReader.Result> compose = composeReader.read(dotEnv.values());
        List<DatabaseClue> composeEvidence = composeReader.readEvidence(moduleDirectories(modules), dotEnv.values());

        List<String> notes = new ArrayList<>();
        List<DatabaseClue> merged = new ServiceMerger(notes, log).merge(
                config,
                compose.map(ComposeFileReader.Result::clues).orElse(List.of()),
                dotEnv.clues(log),
                dependencies(modules),
                composeEvidence);
        List<DatabaseService> services = new ServiceFactory(root, name, frameworks).build(merged, notes);
        PgvectorUse pgvector = new PgvectorUse(root, log);
        services = pgvector.apply(services, pgvector.find(modules), notes);
        boolean springBootDockerCompose = usesDependency(modules, SPRING_BOOT_DOCKER_COMPOSE);
        if (springBootDockerCompose) {
            String included = compose.map(c -> c.compose().file()).orElse(null);
            for (ConfigProperty file : springComposeFiles) {
                if (!file.value().isBlank() && !Path.of(file.value()).normalize().equals(included == null ? null : Path.of(included))) {
                    notes.add(file.file() + ":" + file.line() + " " + SPRING_DOCKER_COMPOSE_FILE + ": on the host, Spring Boot's"
                            + " Compose support starts " + file.value() + ", a stack of its own beside the dev stack"
                            + (included == null ? "" : " and " + included)
                            + "; run the app in the dev container (where that support is off), or stop one stack first,"
                            + " so that each database runs once.");
                }
            }
        }
        List<String> distinctNotes = List.copyOf(new LinkedHashSet<>(notes));

        report(name, javaVersion, services, distinctNotes);
        return new ProjectModel(root, name, javaVersion, services,
                compose.map(ComposeFileReader.Result::compose).orElse(null), distinctNotes,
                springBootDockerCompose);
    }

    /**
     * Every file {@link #detect} reads, existing ones only: each module's pom, configuration files
     * and SQL resources (where pgvector shows), the Compose file and {@code .env}. Cheap (no YAML
     * parsing), so that a caller can tell whether anything changed since the last run.
     */
    public List<Path> inputFiles(Path projectRoot) {
        return inputFiles(projectRoot, List.of());
    }

    /** {@link #inputFiles(Path)}, with the parent poms the effective poms inherit from. */
    public List<Path> inputFiles(Path projectRoot, List<EffectivePom> effectivePoms) {
        Path root = projectRoot.toAbsolutePath().normalize();
        Set<Path> files = new LinkedHashSet<>();
        ApplicationConfigReader configReader = new ApplicationConfigReader(root, log);
        List<MavenModule> modules = new ReactorReader(log).read(root);
        PgvectorUse pgvector = new PgvectorUse(root, log);
        for (MavenModule module : modules) {
            files.add(root.resolve(module.pom().file()));
            files.addAll(configReader.configFiles(module.directory()));
            files.addAll(pgvector.sqlFiles(module.directory()));
        }
        effectivePoms.forEach(pom -> files.addAll(pom.declaringFiles()));
        for (String name : ComposeFileReader.FILE_NAMES) {
            files.add(root.resolve(name));
        }
        files.addAll(ComposeFileReader.evidenceFiles(root, moduleDirectories(modules)));
        files.add(root.resolve(DotEnvFile.FILE));
        return files.stream().filter(Files::isRegularFile).toList();
    }

    private static List<Path> moduleDirectories(List<MavenModule> modules) {
        return modules.stream().map(MavenModule::directory).toList();
    }

    /** The frameworks whose dependencies some module has outside the test scope. */
    private static Set<Framework> frameworks(List<MavenModule> modules) {
        Set<Framework> frameworks = EnumSet.noneOf(Framework.class);
        for (MavenModule module : modules) {
            for (PomFile.Dependency dependency : module.pom().dependencies()) {
                if (!dependency.scope().equals("test")) {
                    Framework.ofDependency(dependency.groupId()).ifPresent(frameworks::add);
                }
            }
        }
        return frameworks;
    }

    private static boolean usesDependency(List<MavenModule> modules, String coordinates) {
        return modules.stream().flatMap(m -> m.pom().dependencies().stream())
                .anyMatch(d -> d.coordinates().equals(coordinates) && !d.scope().equals("test"));
    }

    /** Drivers and clients of every module by engine, in pom order; test-scoped ones do not count. */
    private Map<DatabaseType, List<Source>> dependencies(List<MavenModule> modules) {
        Map<DatabaseType, List<Source>> byType = new LinkedHashMap<>();
        for (MavenModule module : modules) {
            for (PomFile.Dependency dependency : module.pom().dependencies()) {
                Optional<DatabaseType> type = KnownDrivers.ofDependency(dependency.groupId(), dependency.artifactId());
                if (type.isEmpty()) {
                    continue;
                }
                Evidence evidence = new Evidence(dependency.file(), dependency.line(), dependency.coordinates());
                if (dependency.scope().equals("test")) {
                    log.debug("Ignoring " + evidence + ": test scope");
                    continue;
                }
                byType.computeIfAbsent(type.get(), t -> new ArrayList<>()).add(new Source(evidence, Source.POM));
            }
        }
        return byType;
    }

    private void report(String name, String javaVersion, List<DatabaseService> services, List<String> notes) {
        log.debug("Project " + name + ", Java " + javaVersion);
        if (services.isEmpty()) {
            log.info("No database found in " + name + ".");
        }
        for (DatabaseService service : services) {
            log.info("Found " + service.type() + " service '" + service.name() + "'"
                    + (service.fromExistingCompose() ? " (from the project's Compose file)" : "")
                    + " from " + service.evidence().stream().map(Evidence::toString).collect(Collectors.joining(", ")));
        }
        notes.forEach(log::warn);
    }
}
