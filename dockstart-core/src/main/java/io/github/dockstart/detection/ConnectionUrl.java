package io.github.dockstart.detection;

import io.github.dockstart.model.DatabaseType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a database URL says: JDBC ({@code jdbc:postgresql://h:5432/db}, {@code jdbc:postgresql:db},
 * {@code jdbc:mysql://…}, {@code jdbc:mariadb://…}, {@code jdbc:sqlite:data/app.db}), R2DBC
 * ({@code r2dbc:postgresql://…}), the {@code DATABASE_URL} style ({@code postgres://u:p@h/db})
 * and Redis ({@code redis://u:p@h:6379/0}, {@code rediss://…}).
 * Every part is {@code null} when the URL does not give it or it still holds a placeholder.
 *
 * @param inMemory SQLite {@code :memory:}, which has nothing to run or back up
 */
record ConnectionUrl(
        DatabaseType type, String host, Integer port, String database, String user, String password,
        String path, boolean inMemory) {

    private static final Pattern JDBC = Pattern.compile("(?i)^jdbc:(postgresql|mysql|mariadb|sqlite)(.*)$", Pattern.DOTALL);
    private static final Pattern NETWORK = Pattern.compile(
            "(?i)^(?:r2dbcs?:(?:pool:)?|vertx-reactive:)?(postgres|postgresql|mysql|mariadb|redis|rediss)://(.*)$",
            Pattern.DOTALL);
    private static final Pattern SUBPROTOCOL = Pattern.compile("^[A-Za-z][A-Za-z+-]*:(?=//)");

    /** Thrown for a URL that is clearly meant as a database URL but cannot be read; the message says why. */
    static final class MalformedException extends RuntimeException {
        MalformedException(String reason) {
            super(reason);
        }
    }

    /** Whether the text starts like a URL this class reads (so a failure to read it is the user's error). */
    static boolean looksLikeOne(String text) {
        return text != null && (JDBC.matcher(text.strip()).matches() || NETWORK.matcher(text.strip()).matches());
    }

    /**
     * @return the parts, or empty when this is no database URL dockstart knows (e.g. {@code jdbc:h2:mem:x})
     * @throws MalformedException when it starts like one but cannot be read
     */
    static Optional<ConnectionUrl> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String url = text.strip();
        Matcher jdbc = JDBC.matcher(url);
        if (jdbc.matches()) {
            return Optional.of(parseJdbc(jdbc.group(1).toLowerCase(Locale.ROOT), jdbc.group(2)));
        }
        Matcher network = NETWORK.matcher(url);
        if (network.matches()) {
            DatabaseType type = typeOfScheme(network.group(1).toLowerCase(Locale.ROOT));
            return Optional.of(parseAuthority(type, network.group(2)));
        }
        return Optional.empty();
    }

    /** What to call this kind of URL in an error message. */
    static String kind(String text) {
        String lower = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) {
            return "JDBC URL";
        }
        if (lower.startsWith("redis")) {
            return "Redis URL";
        }
        return "database URL";
    }

    private static DatabaseType typeOfScheme(String scheme) {
        return switch (scheme) {
            case "postgres", "postgresql" -> DatabaseType.POSTGRES;
            case "mysql" -> DatabaseType.MYSQL;
            case "mariadb" -> DatabaseType.MARIADB;
            default -> DatabaseType.REDIS;
        };
    }

    private static ConnectionUrl parseJdbc(String subprotocol, String rest) {
        if (!rest.startsWith(":")) {
            throw new MalformedException("expected ':' after 'jdbc:" + subprotocol + "'");
        }
        String afterColon = rest.substring(1);
        if (subprotocol.equals("sqlite")) {
            return parseSqlite(afterColon);
        }
        DatabaseType type = typeOfScheme(subprotocol);
        Matcher mode = SUBPROTOCOL.matcher(afterColon);
        if (mode.find() && type != DatabaseType.POSTGRES) {
            afterColon = afterColon.substring(mode.end()); // jdbc:mysql:loadbalance://, jdbc:mariadb:replication://
        }
        if (afterColon.startsWith("//")) {
            return parseAuthority(type, afterColon.substring(2));
        }
        if (type != DatabaseType.POSTGRES) {
            throw new MalformedException("expected '//' and a host after 'jdbc:" + subprotocol + ":'");
        }
        // jdbc:postgresql:database means localhost on the default port
        String database = beforeQuery(afterColon);
        if (database.isEmpty()) {
            throw new MalformedException("it names neither a host nor a database");
        }
        return new ConnectionUrl(type, null, null, known(database), null, null, null, false)
                .withQuery(queryOf(afterColon));
    }

    private static ConnectionUrl parseSqlite(String rest) {
        String path = beforeQuery(rest);
        if (path.regionMatches(true, 0, "file:", 0, 5)) {
            path = path.substring(5);
        }
        boolean memory = path.isEmpty() || path.equals(":memory:") || rest.contains("mode=memory");
        return new ConnectionUrl(DatabaseType.SQLITE, null, null, null, null, null,
                memory ? null : known(path), memory);
    }

    /** {@code [user[:password]@]host[:port][,host2…][/database][?query]}. */
    private static ConnectionUrl parseAuthority(DatabaseType type, String rest) {
        int pathStart = indexOfAny(rest, "/?");
        String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
        String pathAndQuery = pathStart < 0 ? "" : rest.substring(pathStart);
        if (authority.indexOf('@') < 0 && beforeQuery(pathAndQuery).contains("@")) {
            // a '/' in the password cut the authority short: say so without quoting any of it
            throw new MalformedException("an '@' follows the first '/', so the user or password holds an unescaped '/'"
                    + " (percent-encode it as %2F)");
        }
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String firstHost = authority.split(",", 2)[0];
        String host;
        Integer port = null;
        if (firstHost.startsWith("(") || firstHost.toLowerCase(Locale.ROOT).startsWith("address=")) {
            host = null; // MySQL's address=(host=…)(port=…) form: leave it to the defaults
        } else if (firstHost.startsWith("[")) {
            int close = firstHost.indexOf(']');
            if (close < 0) {
                throw new MalformedException("the IPv6 address has no closing ']'");
            }
            host = firstHost.substring(1, close);
            port = portOf(firstHost.substring(close + 1));
        } else {
            int colon = firstHost.lastIndexOf(':');
            host = colon < 0 ? firstHost : firstHost.substring(0, colon);
            port = colon < 0 ? null : portOf(firstHost.substring(colon));
        }
        String database = beforeQuery(pathAndQuery);
        if (database.startsWith("/")) {
            database = database.substring(1);
        }
        if (type == DatabaseType.REDIS && !database.isEmpty() && !Placeholders.hasUnresolved(database)
                && !database.chars().allMatch(Character::isDigit)) {
            throw new MalformedException("the database '" + database + "' is not a number");
        }
        return new ConnectionUrl(type, blankToNull(known(host)), port, blankToNull(known(database)),
                blankToNull(known(user)), known(password), null, false)
                .withQuery(queryOf(pathAndQuery));
    }

    /** {@code :5432} -> 5432; {@code :${PORT}} -> null. */
    private static Integer portOf(String colonAndPort) {
        if (colonAndPort.isEmpty()) {
            return null;
        }
        if (!colonAndPort.startsWith(":")) {
            throw new MalformedException("unexpected '" + colonAndPort + "' after the host");
        }
        String port = colonAndPort.substring(1);
        if (Placeholders.hasUnresolved(port) || port.isEmpty()) {
            return null;
        }
        if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
            throw new MalformedException("the port '" + port + "' is not a number");
        }
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
            throw new MalformedException("the port " + number + " is out of range");
        }
        return number;
    }

    /** User and password given as {@code ?user=…&password=…} (JDBC); they count only when the authority had none. */
    private ConnectionUrl withQuery(String query) {
        String queryUser = null;
        String queryPassword = null;
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String name = pair.substring(0, equals).toLowerCase(Locale.ROOT);
            String value = decode(pair.substring(equals + 1));
            if (name.equals("user") || name.equals("username")) {
                queryUser = known(value);
            } else if (name.equals("password")) {
                queryPassword = known(value);
            }
        }
        return new ConnectionUrl(type, host, port, database,
                user != null ? user : queryUser, password != null ? password : queryPassword, path, inMemory);
    }

    private static String queryOf(String text) {
        int question = text.indexOf('?');
        return question < 0 ? "" : text.substring(question + 1);
    }

    private static String beforeQuery(String text) {
        int question = text.indexOf('?');
        return question < 0 ? text : text.substring(0, question);
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Percent-decoding of URL user info; unlike URLDecoder, '+' stays '+'. */
    private static String decode(String text) {
        if (!text.contains("%")) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            int percent = text.indexOf('%', i);
            int plainEnd = percent < 0 ? text.length() : percent;
            byte[] plain = text.substring(i, plainEnd).getBytes(StandardCharsets.UTF_8);
            bytes.write(plain, 0, plain.length);
            if (percent < 0) {
                break;
            }
            if (percent + 2 >= text.length()) {
                throw new MalformedException("a '%' escape is cut short");
            }
            int high = Character.digit(text.charAt(percent + 1), 16);
            int low = Character.digit(text.charAt(percent + 2), 16);
            if (high < 0 || low < 0) {
                // the text may be a password: do not quote it
                throw new MalformedException("a '%' escape in it is not two hex digits");
            }
            bytes.write(high * 16 + low);
            i = percent + 3;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String known(String part) {
        return part == null || Placeholders.hasUnresolved(part) ? null : part;
    }

    private static String blankToNull(String part) {
        return part == null || part.isEmpty() ? null : part;
    }

    @Override
    public String toString() {
        return "ConnectionUrl[type=" + type + ", host=" + host + ", port=" + port + ", database=" + database
                + ", user=" + user + ", path=" + path + ", inMemory=" + inMemory + "]";
    }
}
