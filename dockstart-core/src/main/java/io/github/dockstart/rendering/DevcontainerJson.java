package io.github.dockstart.rendering;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code .devcontainer/devcontainer.json}: plain JSON, no comments, so any JSON tool can read it. */
final class DevcontainerJson {

    private static final DefaultIndenter INDENTER = new DefaultIndenter("  ", "\n");
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(INDENTER)
            .withArrayIndenter(INDENTER);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The dev container's user (the Dockerfile creates it), never root: see the Dockerfile template. */
    static final String USER = "dev";
    static final String USER_HOME = "/home/" + USER;

    private DevcontainerJson() {
    }

    static String render(String projectName, String service, String workspaceFolder) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", projectName);
        json.put("dockerComposeFile", "docker-compose.yml");
        json.put("service", service);
        json.put("workspaceFolder", workspaceFolder);
        json.put("shutdownAction", "stopCompose");
        // the CLI and VS Code give the user the host user's UID/GID, so workspace files stay the developer's
        json.put("remoteUser", USER);
        json.put("updateRemoteUserUID", true);
        json.put("customizations", Map.of("vscode", Map.of("extensions", List.of("vscjava.vscode-java-pack"))));
        try {
            return MAPPER.writer(PRINTER).writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write devcontainer.json", e);
        }
    }
}
