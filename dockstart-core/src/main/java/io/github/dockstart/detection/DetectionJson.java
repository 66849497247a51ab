package io.github.dockstart.detection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.Evidence;
import io.github.dockstart.model.ProjectModel;
import java.io.UncheckedIOException;

/**
 * The JSON form of a detected model, as documented for {@code -Ddockstart.output}. Passwords are
 * never written; {@code passwordSet} tells whether there is one.
 */
public final class DetectionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DetectionJson() {
    }

    public static String toJson(ProjectModel model) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("project", model.name());
        root.put("javaVersion", model.javaVersion());
        ArrayNode services = root.putArray("services");
        for (DatabaseService service : model.services()) {
            services.add(service(service));
        }
        ArrayNode notes = root.putArray("notes");
        model.notes().forEach(notes::add);
        if (model.existingCompose() != null) {
            root.put("existingCompose", model.existingCompose().file());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode service(DatabaseService service) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", service.name());
        node.put("type", service.type().id());
        node.put("image", service.image());
        if (service.host() != null) {
            node.put("host", service.host());
        }
        node.put("database", service.database());
        node.put("user", service.user());
        node.put("port", service.port());
        if (service.path() != null) {
            node.put("path", service.path());
        }
        node.put("passwordSet", service.password() != null && !service.password().isEmpty());
        node.put("fromExistingCompose", service.fromExistingCompose());
        ArrayNode evidence = node.putArray("evidence");
        for (Evidence item : service.evidence()) {
            evidence.add(item.toString());
        }
        return node;
    }
}
