package io.github.dockstart.testing.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Checks a {@code devcontainer.json} (plain JSON, no comments) against the Dev Container metadata schema. */
public final class DevcontainerValidator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DevcontainerValidator() {
    }

    /** Errors of the JSON text against {@code shared/schemas/devContainer.base.schema.json}, empty when valid. */
    public static List<String> schemaErrors(String json) {
        JsonNode document;
        try {
            document = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON:\n" + json, e);
        }
        return JsonSchemaCheck.errors(SharedSchemas.schema(SharedSchemas.DEVCONTAINER),
                SpecVersion.VersionFlag.V201909, document);
    }
}
