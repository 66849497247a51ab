package io.github.dockstart.access;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * The start and end of a Redis RDB snapshot: it starts with {@code REDIS} and ends with the
 * end-of-file opcode 0xFF and an 8-byte checksum. {@code redis-cli --rdb -} (to standard output)
 * cannot take back the 40-character mark that ends a diskless transfer, so a snapshot streamed
 * that way carries it after the checksum; Redis ignores it when it loads dump.rdb, but not in an
 * append-only base file, so it is stripped before a snapshot is written anywhere. The same rule as
 * {@code rdb_trailing_bytes} in the sidecar's content.sh.
 */
public final class RdbFormat {

    public static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);
    /** The end-of-file opcode, the checksum after it, and the diskless-transfer mark that may follow. */
    static final int EOF_AND_CHECKSUM = 9;
    static final int TRANSFER_MARK = 40;
    /** How many of the last bytes {@link #trailingBytes} needs. */
    public static final int TAIL_NEEDED = EOF_AND_CHECKSUM + TRANSFER_MARK;

    private RdbFormat() {
    }

    /**
     * How many bytes follow the snapshot's end in {@code tail} (the last bytes of the stream): 0
     * for a snapshot that ends with its checksum, 40 when a transfer mark follows it, empty when
     * there is no end-of-file opcode where one must be (the snapshot was cut short).
     */
    public static OptionalInt trailingBytes(byte[] tail) {
        int n = tail.length;
        if (n >= EOF_AND_CHECKSUM && (tail[n - EOF_AND_CHECKSUM] & 0xFF) == 0xFF) {
            return OptionalInt.of(0);
        }
        if (n >= TAIL_NEEDED && (tail[n - TAIL_NEEDED] & 0xFF) == 0xFF && isMark(tail, n - TRANSFER_MARK)) {
            return OptionalInt.of(TRANSFER_MARK);
        }
        return OptionalInt.empty();
    }

    private static boolean isMark(byte[] tail, int from) {
        for (int i = from; i < tail.length; i++) {
            byte b = tail[i];
            if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
