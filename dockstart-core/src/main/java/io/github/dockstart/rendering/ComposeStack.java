package io.github.dockstart.rendering;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectLayout;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.storage.BucketSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Compose document of {@code .devcontainer/docker-compose.yml}, as data: the dev container,
 * the databases dockstart runs and the backup sidecar. A project with its own Compose file gets
 * that file included, not copied: Compose loads it as it does from the project root (its paths,
 * its {@code .env}), and the generated file carries the same project name, so that
 * {@code docker compose up} at the root and the dev stack mean the same containers and volumes.
 */
final class ComposeStack {

    static final String DIRECTORY = ProjectLayout.DEVCONTAINER_DIRECTORY;
    private static final String MAVEN_REPOSITORY_VOLUME = "maven-repository";

    private ComposeStack() {
    }

    static Map<String, Object> document(ProjectModel model, String devService, String workspaceFolder) {
        return document(model, devService, workspaceFolder, RenderOptions.DEFAULT);
    }

    static Map<String, Object> document(ProjectModel model, String devService, String workspaceFolder,
            RenderOptions options) {
        Optional<BucketSettings> remoteStorage = options.remoteStorage();
        Map<String, Object> existingServices = existingServices(model.existingCompose());
        Map<String, Object> services = new LinkedHashMap<>();
        Map<String, Object> volumes = new LinkedHashMap<>();
        Map<String, Object> document = new LinkedHashMap<>();
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
                        + " in " + ProjectLayout.COMPOSE_FILE + "; give the database service another name.");
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
            options.alerts().ifPresent(alerts -> BackupSidecar.putAlerts(sidecar, model.composeProjectName(), alerts));
            joinNetworks(sidecar, extraNetworks);
            generated.put(BackupSidecar.SERVICE_NAME, sidecar);
        }
        for (String name : generated.keySet()) {
            if (existingServices.containsKey(name)) {
                throw new InvalidInputException(model.existingCompose().file() + " already defines a service named "
                        + name + ", which dockstart needs for its own; rename that service.");
            }
        }
        Map<String, Object> existingVolumes = model.existingCompose() != null && model.existingCompose().document() != null
                && model.existingCompose().document().get("volumes") instanceof Map<?, ?> declared ? stringKeys(declared) : Map.of();
        for (String name : volumes.keySet()) {
            if (existingVolumes.containsKey(name)) {
                throw new InvalidInputException(model.existingCompose().file() + " already defines a volume named "
                        + name + ", which dockstart needs for its own; rename that volume.");
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
        if (hasSidecar && options.alerts().isPresent()) {
            BackupSidecar.addAlertUrlReference(services, document, options.alerts().get());
        }

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", model.composeProjectName());
        if (model.existingCompose() != null) {
            result.put("include", List.of(include(model.existingCompose())));
        }
        result.put("services", services);
        result.put("volumes", volumes);
        document.forEach(result::putIfAbsent);
        return result;
    }

    /** The services of the project's own Compose file, or none. */
    private static Map<String, Object> existingServices(ProjectModel.ExistingCompose existing) {
        if (existing == null || existing.document() == null
                || !(existing.document().get("services") instanceof Map<?, ?> services)) {
            return Map.of();
        }
        return stringKeys(services);
    }

    /**
     * The project's file, as seen from {@code .devcontainer/}, merged with the override that
     * publishes its ports on loopback when it publishes any on every interface.
     */
    static Object include(ProjectModel.ExistingCompose existing) {
        String path = "../" + existing.file();
        if (existing.document() != null && new LoopbackPorts(existing.document()).anyRebound()) {
            return Map.of("path", List.of(path, LoopbackPorts.FILE_NAME));
        }
        return path;
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
