package io.github.dockstart.detection;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.Evidence;
import io.github.dockstart.model.ProjectModel;
import java.util.ArrayList;
import java.util.List;

/** The lines {@code dockstart:detect} prints for a detected project. Passwords never appear. */
public final class ModelReport {

    public static final String NO_DATABASE = "No database detected.";

    private ModelReport() {
    }

    public static List<String> lines(ProjectModel model) {
        List<String> lines = new ArrayList<>();
        lines.add("Project " + model.name() + ", Java " + orUnknown(model.javaVersion()));
        if (model.existingCompose() != null) {
            lines.add("Existing Compose file: " + model.existingCompose().file() + " (its services are kept)");
        }
        if (!model.hasDatabases()) {
            lines.add(NO_DATABASE);
        }
        for (DatabaseService service : model.services()) {
            lines.add(describe(service, model));
            for (Evidence evidence : service.evidence()) {
                lines.add("    evidence: " + evidence);
            }
        }
        for (String note : model.notes()) {
            lines.add("Note: " + note);
        }
        return lines;
    }

    private static String describe(DatabaseService service, ProjectModel model) {
        StringBuilder line = new StringBuilder("Service ").append(service.name()).append(": ").append(service.type().id());
        if (service.type().hasServer()) {
            line.append(", image ").append(orUnknown(service.image()));
            line.append(", ").append(orUnknown(service.host())).append(':').append(service.port());
        } else {
            line.append(", file ").append(orUnknown(service.path()));
        }
        if (notBlank(service.database())) {
            line.append(", database ").append(service.database());
        }
        if (notBlank(service.user())) {
            line.append(", user ").append(service.user());
        }
        if (service.fromExistingCompose()) {
            String file = model.existingCompose() == null ? "the existing Compose file" : model.existingCompose().file();
            line.append(" (defined in ").append(file).append(", kept)");
        }
        return line.toString();
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static String orUnknown(String value) {
        return notBlank(value) ? value : "unknown";
    }
}
