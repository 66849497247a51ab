package io.github.dockstart.detection;

import io.github.dockstart.detection.Placeholders.Reference;
import io.github.dockstart.model.AppSetting.Naming;
import io.github.dockstart.model.AppSetting.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The placeholders in a connection setting's value and the part of the connection each stands
 * for: {@code ${MYSQL_HOST:localhost}} in {@code jdbc:mysql://${MYSQL_HOST:localhost}:3306/shop}
 * is the host. Spring Boot, Quarkus and Micronaut resolve a placeholder from the environment
 * variable of its name, and plain applications read such variables themselves, so these
 * variables are what the dev container sets for an application that is configured this way.
 * A placeholder that stands for only part of a host or a name is left alone.
 */
final class PlaceholderVariables {

    private PlaceholderVariables() {
    }

    /**
     * @param raw         the value as written
     * @param part        what the whole value holds
     * @param resolvedUrl for a URL, the value with the placeholders' defaults (passed on when one placeholder is all of it)
     * @param style       the kind of URL the key expects
     * @param rank        the rank of the value's source
     */
    static List<SettingClue> of(String raw, Part part, String resolvedUrl, UrlStyle style, int rank) {
        List<SettingClue> variables = new ArrayList<>();
        Optional<Reference> whole = Placeholders.whole(raw);
        if (whole.isPresent()) {
            variables.add(variable(whole.get().name(), part, part == Part.URL ? resolvedUrl : null, style, rank));
        } else if (part == Part.URL && raw != null) {
            inUrl(raw.strip(), style, rank, variables);
        }
        return variables;
    }

    /** {@code scheme://[user[:password]@]host[:port][,host2…][/database][?query]}, read around the placeholders. */
    private static void inUrl(String url, UrlStyle style, int rank, List<SettingClue> variables) {
        int slash = Placeholders.indexOutside(url, "/", 0);
        if (slash < 0 || !url.startsWith("//", slash)) {
            return; // jdbc:postgresql:database: no host to point elsewhere
        }
        String rest = url.substring(slash + 2);
        int authorityEnd = Placeholders.indexOutside(rest, "/?", 0);
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String after = authorityEnd < 0 ? "" : rest.substring(authorityEnd);

        int at = Placeholders.lastIndexOutside(authority, '@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = Placeholders.indexOutside(userInfo, ":", 0);
            add(colon < 0 ? userInfo : userInfo.substring(0, colon), Part.USER, style, rank, variables);
            if (colon >= 0) {
                add(userInfo.substring(colon + 1), Part.PASSWORD, style, rank, variables);
            }
        }
        String hosts = authority.substring(at + 1);
        int comma = Placeholders.indexOutside(hosts, ",", 0);
        String first = comma < 0 ? hosts : hosts.substring(0, comma);
        if (!first.startsWith("[")) {
            int colon = Placeholders.lastIndexOutside(first, ':');
            String host = colon < 0 ? first : first.substring(0, colon);
            Optional<Reference> hostVariable = Placeholders.whole(host);
            if (hostVariable.isPresent()) {
                // ${DB_ADDRESS:localhost:5432} stands for both
                String fallback = hostVariable.get().defaultValue();
                boolean withPort = colon < 0 && fallback != null && fallback.contains(":");
                add(host, withPort ? Part.HOST_AND_PORT : Part.HOST, style, rank, variables);
            }
            if (colon >= 0) {
                add(first.substring(colon + 1), Part.PORT, style, rank, variables);
            }
        }

        int question = Placeholders.indexOutside(after, "?", 0);
        String path = question < 0 ? after : after.substring(0, question);
        if (path.startsWith("/")) {
            add(path.substring(1), Part.DATABASE, style, rank, variables);
        }
        String query = question < 0 ? "" : after.substring(question + 1);
        int start = 0;
        while (start < query.length()) {
            int end = Placeholders.indexOutside(query, "&", start);
            String pair = end < 0 ? query.substring(start) : query.substring(start, end);
            int equals = pair.indexOf('=');
            if (equals > 0) {
                switch (pair.substring(0, equals).toLowerCase(Locale.ROOT)) {
                    case "user", "username" -> add(pair.substring(equals + 1), Part.USER, style, rank, variables);
                    case "password" -> add(pair.substring(equals + 1), Part.PASSWORD, style, rank, variables);
                    default -> {
                    }
                }
            }
            start = end < 0 ? query.length() : end + 1;
        }
    }

    private static void add(String component, Part part, UrlStyle style, int rank, List<SettingClue> variables) {
        Placeholders.whole(component).ifPresent(reference -> variables.add(variable(reference.name(), part, null, style, rank)));
    }

    private static SettingClue variable(String name, Part part, String url, UrlStyle style, int rank) {
        return new SettingClue(name, Naming.ENVIRONMENT, part, url, style, rank);
    }
}
