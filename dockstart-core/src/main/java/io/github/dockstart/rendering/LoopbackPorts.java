package io.github.dockstart.rendering;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The published ports of the project's own Compose services, as the dev stack publishes them:
 * an entry that publishes on every interface (no address, {@code 0.0.0.0} or {@code ::}) is
 * rebound to {@code 127.0.0.1}, so the dev stack never opens a database to the network; entries
 * bound to an address already stay as they are. Rebinding happens in an override file that the
 * generated stack merges over the project's file ({@code include} with two paths); the project's
 * file itself is never changed.
 */
final class LoopbackPorts {

    static final String FILE_NAME = "docker-compose.loopback.yml";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Set<String> EVERY_INTERFACE = Set.of("", "0.0.0.0", "::", "[::]");

    /** One published port: where the dev stack publishes it, and whether dockstart rebound it. */
    record Port(String service, String address, String target, boolean rebound) {

        /** e.g. {@code db: 127.0.0.1:5432 -> 5432}. */
        String describe() {
            return service + ": " + address + " -> " + target;
        }
    }

    private final Map<String, List<Object>> overrides = new LinkedHashMap<>();
    private final List<Port> ports = new ArrayList<>();

    /** @param document the project's Compose document */
    LoopbackPorts(Map<String, Object> document) {
        if (!(document.get("services") instanceof Map<?, ?> services)) {
            return;
        }
        services.forEach((name, definition) -> {
            if (definition instanceof Map<?, ?> service && service.get("ports") instanceof List<?> entries) {
                read(String.valueOf(name), entries);
            }
        });
    }

    private void read(String service, List<?> entries) {
        List<Object> rewritten = new ArrayList<>();
        boolean changed = false;
        for (Object entry : entries) {
            Object rebound = entry instanceof Map<?, ?> longSyntax ? longSyntax(service, longSyntax) : shortSyntax(service, String.valueOf(entry));
            changed |= rebound != entry;
            rewritten.add(rebound);
        }
        if (changed) {
            overrides.put(service, rewritten);
        }
    }

    /** {@code [[IP:](HOST|):]CONTAINER[/PROTOCOL]}, {@code ${VAR}} references kept as written. */
    private Object shortSyntax(String service, String entry) {
        String protocol = "";
        String mapping = entry;
        int slash = entry.lastIndexOf('/');
        if (slash > 0 && entry.substring(slash + 1).matches("tcp|udp|sctp")) {
            protocol = entry.substring(slash);
            mapping = entry.substring(0, slash);
        }
        List<String> parts = splitOutsideBraces(mapping);
        String target = parts.get(parts.size() - 1) + protocol;
        String published = parts.size() >= 2 ? parts.get(parts.size() - 2) : "";
        String ip = parts.size() >= 3 ? String.join(":", parts.subList(0, parts.size() - 2)) : "";
        String shownPort = published.isEmpty() ? "(a port Docker picks)" : published;
        if (!EVERY_INTERFACE.contains(ip)) {
            ports.add(new Port(service, bracketed(ip) + ":" + shownPort, target, false));
            return entry;
        }
        ports.add(new Port(service, LOOPBACK + ":" + shownPort, target, true));
        return LOOPBACK + ":" + published + ":" + parts.get(parts.size() - 1) + protocol;
    }

    private Object longSyntax(String service, Map<?, ?> entry) {
        String ip = entry.get("host_ip") == null ? "" : String.valueOf(entry.get("host_ip"));
        String published = entry.get("published") == null ? "(a port Docker picks)" : String.valueOf(entry.get("published"));
        String target = String.valueOf(entry.get("target"))
                + (entry.get("protocol") == null ? "" : "/" + entry.get("protocol"));
        if (!EVERY_INTERFACE.contains(ip)) {
            ports.add(new Port(service, bracketed(ip) + ":" + published, target, false));
            return entry;
        }
        ports.add(new Port(service, LOOPBACK + ":" + published, target, true));
        Map<String, Object> rebound = new LinkedHashMap<>();
        entry.forEach((key, value) -> rebound.put(String.valueOf(key), value));
        rebound.put("host_ip", LOOPBACK);
        return rebound;
    }

    private static String bracketed(String ip) {
        return ip.contains(":") && !ip.startsWith("[") ? "[" + ip + "]" : ip;
    }

    /** Splits at {@code :} outside {@code ${...}} and {@code [...]}, e.g. {@code ${PORT:-5432}:5432}. */
    private static List<String> splitOutsideBraces(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && depth > 0) {
                depth--;
            } else if (c == ':' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    /** Every published port of the project's services, in file order. */
    List<Port> ports() {
        return List.copyOf(ports);
    }

    boolean anyRebound() {
        return !overrides.isEmpty();
    }

    /**
     * The override file: each service with a rebound port gets its whole ports list again,
     * replacing the original one ({@code !override}; merging would keep the all-interfaces binding
     * beside the new one, and both cannot hold the same host port).
     */
    String overrideFile(String originalFile) {
        Map<String, Object> services = new LinkedHashMap<>();
        overrides.forEach((service, entries) -> services.put(service, Map.of("ports", entries)));
        String yaml = ComposeYaml.write(Map.of("services", services));
        return "# Generated by dockstart: merged over ../" + originalFile + " by docker-compose.yml, so that the dev stack\n"
                + "# publishes on 127.0.0.1 what " + originalFile + " publishes on every interface (other ports as it writes them).\n"
                + yaml.replace("\n    ports:\n", "\n    ports: !override\n");
    }
}
