package io.github.dockstart.rendering;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Compose document of {@code .devcontainer/docker-compose.yml}, as data: the project's own
 * Compose services first (kept, with their relative paths moved), then the dev container, the
 * databases dockstart runs and the backup sidecar.
 */
final class ComposeStack {

    static final String DIRECTORY = ".devcontainer";
    private static final String MAVEN_REPOSITORY_VOLUME = "maven-repository";

    private ComposeStack() {
    }

    static Map<String, Object> document(ProjectModel model, String devService, String workspaceFolder) {
        return document(model, devService, workspaceFolder, RenderOptions.DEFAULT);
    }

    static Map<String, Object> document(ProjectModel model, String devService, String workspaceFolder,
            RenderOptions options) {
        Optional<RemoteStorage> remoteStorage = options.remoteStorage();
        Map<String, Object> services = new LinkedHashMap<>();
        Map<String, Object> volumes = new LinkedHashMap<>();
        Map<String, Object> document = new LinkedHashMap<>();
        Map<String, Object> existingServices = mergeExisting(model.existingCompose(), document, services, volumes);

        Map<String, Object> dependsOn = new LinkedHashMap<>();
        Set<String> extraNetworks = new LinkedHashSet<>();
        for (DatabaseService db : model.services()) {
            if (!db.type().hasServer()) {
                continue;
            }
            if (db.fromExistingCompose()) {
                Map<?, ?> existing = existingService(existingServices, db, model);
                dependsOn.put(db.name(), Map.of("condition", hasHealthcheck(existing) ? "service_healthy" : "service_started"));
                extraNetworks.addAll(networksOf(existing));
            } else {
                dependsOn.put(db.name(), Map.of("condition", "service_healthy"));
            }
        }

        Map<String, Object> generated = new LinkedHashMap<>();
        generated.put(devService, devService(workspaceFolder, dependsOn, extraNetworks, AppEnvironment.of(model)));
        volumes.put(MAVEN_REPOSITORY_VOLUME, Map.of());
        Set<String> names = new LinkedHashSet<>(List.of(devService, BackupSidecar.SERVICE_NAME));
        for (DatabaseService db : model.services()) {
            if (!names.add(db.name())) {
                throw new InvalidInputException("Two services would be named " + db.name()
                        + " in .devcontainer/docker-compose.yml; give the database service another name.");
            }
            if (db.type().hasServer() && !db.fromExistingCompose()) {
                generated.put(db.name(), DatabaseContainer.service(db));
                volumes.put(DatabaseContainer.volumeName(db), Map.of());
            }
        }
        boolean hasSidecar = DevcontainerRenderer.hasSidecar(model, options);
        if (hasSidecar) {
            Map<String, Object> sidecar = BackupSidecar.service(model.composeProjectName(), model.services(), dependsOn,
                    remoteStorage, options.sidecar());
            if (DevcontainerRenderer.stopsApp(model, options)) {
                BackupSidecar.stopAppForSqlite(sidecar, model.composeProjectName(), devService);
            }
            joinNetworks(sidecar, extraNetworks);
            generated.put(BackupSidecar.SERVICE_NAME, sidecar);
        }
        for (String name : generated.keySet()) {
            if (services.containsKey(name)) {
                throw new InvalidInputException(model.existingCompose().file() + " already defines a service named "
                        + name + ", which dockstart needs for its own; rename that service.");
            }
        }
        // everything generated is literal text: no Compose interpolation in it
        services.putAll(ComposeYaml.escapeInterpolation(generated));
        if (hasSidecar && DevcontainerRenderer.stopsApp(model, options)) {
            BackupSidecar.addDockerSocket(services);
        }
        if (hasSidecar && remoteStorage.isPresent()) {
            // the one deliberate interpolation: credentials come from the environment or secret files
            BackupSidecar.addCredentialReferences(services, document, remoteStorage.get());
        }

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", model.composeProjectName());
        result.put("services", services);
        result.put("volumes", volumes);
        document.forEach(result::putIfAbsent);
        return result;
    }

    /**
     * Copies the project's Compose file into the given maps and returns its services. Its
     * {@code version} goes (Compose ignores it, and docker-compose v1 would read the whole file in
     * that old format, which lacks {@code depends_on} conditions), as do {@code name} and
     * {@code include}, which belong to the project's own stack.
     */
    private static Map<String, Object> mergeExisting(ProjectModel.ExistingCompose existing, Map<String, Object> document,
            Map<String, Object> services, Map<String, Object> volumes) {
        if (existing == null || existing.document() == null) {
            return Map.of();
        }
        ExistingComposeRelocation relocation = new ExistingComposeRelocation(existing.file(), DIRECTORY);
        Map<String, Object> original = existing.document();
        if (original.get("services") instanceof Map<?, ?> originalServices) {
            originalServices.forEach((name, service) -> services.put(name.toString(),
                    service instanceof Map<?, ?> map ? relocation.service(ExistingComposeRelocation.deepCopy(stringKeys(map)))
                            : ExistingComposeRelocation.deepCopy(service)));
        }
        if (original.get("volumes") instanceof Map<?, ?> originalVolumes) {
            originalVolumes.forEach((name, volume) -> volumes.put(name.toString(),
                    volume == null ? Map.of() : ExistingComposeRelocation.deepCopy(volume)));
        }
        original.forEach((key, value) -> {
            switch (key) {
                case "services", "volumes", "version", "name", "include" -> {
                }
                case "secrets", "configs" -> {
                    if (value instanceof Map<?, ?> definitions) {
                        document.put(key, relocation.fileDefinitions(definitions));
                    }
                }
                default -> document.put(key, ExistingComposeRelocation.deepCopy(value));
            }
        });
        return services;
    }

    private static Map<String, Object> devService(String workspaceFolder, Map<String, Object> dependsOn,
            Set<String> extraNetworks, Map<String, String> environment) {
        Map<String, Object> service = new LinkedHashMap<>();
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("context", ".");
        build.put("dockerfile", "Dockerfile");
        service.put("build", build);
        service.put("volumes", List.of(
                "..:" + workspaceFolder + ":cached",
                // downloaded dependencies survive rebuilds of the container
                MAVEN_REPOSITORY_VOLUME + ":" + DevcontainerJson.USER_HOME + "/.m2"));
        // the editor attaches to a running container; the project is started from inside it
        service.put("command", "sleep infinity");
        if (!environment.isEmpty()) {
            // the app, configured for localhost, finds the databases of the stack
            service.put("environment", environment);
        }
        if (!dependsOn.isEmpty()) {
            service.put("depends_on", dependsOn);
        }
        joinNetworks(service, extraNetworks);
        return service;
    }

    /** Services of the project's file that sit on their own networks are reached by joining those too. */
    private static void joinNetworks(Map<String, Object> service, Set<String> extraNetworks) {
        if (!extraNetworks.isEmpty()) {
            List<String> networks = new ArrayList<>();
            networks.add("default");
            extraNetworks.stream().filter(n -> !n.equals("default")).forEach(networks::add);
            service.put("networks", networks);
        }
    }

    private static Map<?, ?> existingService(Map<String, Object> existingServices, DatabaseService db, ProjectModel model) {
        if (existingServices.get(db.name()) instanceof Map<?, ?> service) {
            return service;
        }
        throw new IllegalArgumentException("the model says service " + db.name() + " comes from "
                + (model.existingCompose() == null ? "an existing Compose file" : model.existingCompose().file())
                + ", but that file defines no such service");
    }

    /** Compose refuses {@code service_healthy} for a service without a health check. */
    private static boolean hasHealthcheck(Map<?, ?> service) {
        return service.get("healthcheck") instanceof Map<?, ?> check && !Boolean.TRUE.equals(check.get("disable"));
    }

    private static List<String> networksOf(Map<?, ?> service) {
        Object networks = service.get("networks");
        List<String> names = new ArrayList<>();
        if (networks instanceof List<?> list) {
            list.forEach(n -> names.add(String.valueOf(n)));
        } else if (networks instanceof Map<?, ?> map) {
            map.keySet().forEach(n -> names.add(String.valueOf(n)));
        }
        return names;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }
}
