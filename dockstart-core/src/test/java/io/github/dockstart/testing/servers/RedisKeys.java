package io.github.dockstart.testing.servers;

/** The data set of the Redis restore tests: 1,264 keys of several types, as in the report of issue 11. */
public final class RedisKeys {

    public static final int COUNT = 1264;

    private RedisKeys() {
    }

    /** Fills {@code redis} with {@link #COUNT} keys: strings, hashes, lists and sets. */
    public static void fill(RedisServer redis) {
        StringBuilder commands = new StringBuilder();
        for (int i = 0; i < COUNT; i++) {
            switch (i % 4) {
                case 0 -> commands.append("SET s:").append(i).append(" \"Wert ").append(i).append(" ü\"\n");
                case 1 -> commands.append("HSET h:").append(i).append(" name \"Zoë ").append(i).append("\" city Köln\n");
                case 2 -> commands.append("RPUSH l:").append(i).append(" eins zwei ").append(i).append('\n');
                default -> commands.append("SADD t:").append(i).append(" a b ").append(i).append('\n');
            }
        }
        redis.pipe(commands.toString());
    }

    /** The number of keys in every database, from INFO keyspace. */
    public static long count(RedisServer redis) {
        long keys = 0;
        for (String line : redis.cli("INFO", "keyspace").split("\r?\n")) {
            if (line.startsWith("db")) {
                keys += Long.parseLong(line.replaceFirst("^db\\d+:keys=(\\d+),.*$", "$1"));
            }
        }
        return keys;
    }
}
