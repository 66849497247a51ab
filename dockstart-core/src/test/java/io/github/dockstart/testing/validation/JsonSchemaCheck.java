package io.github.dockstart.testing.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates documents against a JSON schema file with networknt's validator, in the draft the
 * caller names. The schema's own {@code $schema} is dropped before loading: the validator would
 * otherwise try to fetch a meta-schema it does not know by that exact address (e.g.
 * {@code https://json-schema.org/draft-07/schema} without {@code #}), and tests have no network.
 */
public final class JsonSchemaCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private JsonSchemaCheck() {
    }

    /** The validation errors of {@code document}, empty when it is valid. */
    public static List<String> errors(Path schemaFile, SpecVersion.VersionFlag draft, JsonNode document) {
        JsonSchema schema = CACHE.computeIfAbsent(schemaFile + "@" + draft, key -> load(schemaFile, draft));
        return schema.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema load(Path schemaFile, SpecVersion.VersionFlag draft) {
        try {
            JsonNode node = JSON.readTree(schemaFile.toFile());
            ((ObjectNode) node).remove("$schema");
            // the file's own address is the base of a relative $id such as "compose_spec.json"
            return JsonSchemaFactory.getInstance(draft).getSchema(SchemaLocation.of(schemaFile.toUri().toString()), node);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read schema " + schemaFile, e);
        }
    }
}
