package io.github.dockstart.rendering;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Moves the definitions of the project's own Compose file into {@code .devcontainer/}: a deep copy
 * in which every relative host path (build contexts, bind mounts, env files, {@code extends},
 * secret and config files) is rewritten to point at the same place from the new directory.
 * Everything else, {@code ${VAR}} references included, stays exactly as the project wrote it.
 */
final class ExistingComposeRelocation {

    private static final Pattern REMOTE_CONTEXT = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://|git@|github\\.com/).*");

    /** Directory of the original file relative to the project root, as segments. */
    private final List<String> originalDirectory;
    /** How to get from the generated file's directory back to the project root. */
    private final String toProjectRoot;

    /**
     * @param originalFile   the existing Compose file, relative to the project root
     * @param generatedDirectory the directory of the generated file, relative to the project root
     */
    ExistingComposeRelocation(String originalFile, String generatedDirectory) {
        List<String> segments = new ArrayList<>(List.of(originalFile.replace('\\', '/').split("/")));
        segments.remove(segments.size() - 1);
        segments.removeIf(s -> s.isEmpty() || s.equals("."));
        this.originalDirectory = segments;
        long depth = List.of(generatedDirectory.split("/")).stream().filter(s -> !s.isEmpty()).count();
        this.toProjectRoot = "../".repeat((int) depth);
    }

    /** A relative path of the original file as seen from the generated file; other paths unchanged. */
    String relocate(String path) {
        if (!isRelativeHostPath(path)) {
            return path;
        }
        Deque<String> result = new ArrayDeque<>();
        for (String part : (toProjectRoot + String.join("/", originalDirectory) + "/" + path).split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !result.isEmpty() && !result.peekLast().equals("..")) {
                result.removeLast();
            } else {
                result.addLast(part);
            }
        }
        return result.isEmpty() ? "." : String.join("/", result);
    }

    private static boolean isRelativeHostPath(String path) {
        return !path.isEmpty() && !path.startsWith("/") && !path.startsWith("~") && !path.startsWith("$")
                && !REMOTE_CONTEXT.matcher(path).matches();
    }

    /** A relocated deep copy of one service definition. */
    Map<String, Object> service(Map<String, Object> original) {
        Map<String, Object> service = deepCopy(original);
        Object build = service.get("build");
        if (build instanceof String context) {
            service.put("build", relocate(context));
        } else if (build instanceof Map<?, ?> buildMap) {
            Map<String, Object> relocated = asStringMap(buildMap);
            // the context defaults to the Compose file's own directory, which has moved
            relocated.put("context", relocate(relocated.getOrDefault("context", ".").toString()));
            if (relocated.get("additional_contexts") instanceof Map<?, ?> contexts) {
                Map<String, Object> relocatedContexts = new LinkedHashMap<>();
                contexts.forEach((name, value) -> relocatedContexts.put(name.toString(),
                        value instanceof String text && !text.contains(":") ? relocate(text) : value));
                relocated.put("additional_contexts", relocatedContexts);
            }
            service.put("build", relocated);
        }
        if (service.get("volumes") instanceof List<?> volumes) {
            service.put("volumes", volumes.stream().map(this::volume).toList());
        }
        Object envFile = service.get("env_file");
        if (envFile instanceof String file) {
            service.put("env_file", relocate(file));
        } else if (envFile instanceof List<?> files) {
            service.put("env_file", files.stream().map(this::pathEntry).toList());
        }
        if (service.get("extends") instanceof Map<?, ?> extendsMap && extendsMap.get("file") instanceof String) {
            service.put("extends", pathEntry(extendsMap));
        }
        return service;
    }

    /** A top-level {@code secrets} or {@code configs} section with relocated {@code file} entries. */
    Map<String, Object> fileDefinitions(Map<?, ?> definitions) {
        Map<String, Object> relocated = new LinkedHashMap<>();
        definitions.forEach((name, definition) -> relocated.put(name.toString(), pathEntry(definition)));
        return relocated;
    }

    private Object volume(Object volume) {
        if (volume instanceof String shortSyntax) {
            int colon = shortSyntax.indexOf(':');
            // a source starting with '.' is a host path; anything else is a named volume or absolute
            if (colon > 0 && shortSyntax.startsWith(".")) {
                return relocate(shortSyntax.substring(0, colon)) + shortSyntax.substring(colon);
            }
            return volume;
        }
        if (volume instanceof Map<?, ?> longSyntax && "bind".equals(longSyntax.get("type"))
                && longSyntax.get("source") instanceof String source) {
            Map<String, Object> relocated = asStringMap(longSyntax);
            relocated.put("source", relocate(source));
            return relocated;
        }
        return volume;
    }

    /** A path string, or a map whose {@code path} or {@code file} entry is a path. */
    private Object pathEntry(Object entry) {
        if (entry instanceof String path) {
            return relocate(path);
        }
        if (entry instanceof Map<?, ?> map) {
            Map<String, Object> relocated = asStringMap(map);
            for (String key : List.of("path", "file")) {
                if (relocated.get(key) instanceof String path) {
                    relocated.put(key, relocate(path));
                }
            }
            return relocated;
        }
        return entry;
    }

    private static Map<String, Object> asStringMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key.toString(), value));
        return copy;
    }

    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), deepCopy(item)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(deepCopy(item)));
            return (T) copy;
        }
        return value;
    }
}
