package io.github.dockstart.access;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MySQL/MariaDB dump names the definer of each view, trigger, routine and event. Creating one
 * for another user needs SUPER or SET USER (MariaDB), SET_USER_ID or SET_ANY_DEFINER (MySQL);
 * without it the load stops half way at the first such object (ERROR 1227), and so would the
 * restore of the safety copy. A user without that right gets those objects with itself as their
 * definer, and is told which definers changed. The same rule as the sidecar's
 * {@code grants_allow_definers} and {@code definers_rewritten} (clients.sh).
 */
final class MySqlDefiners {

    private static final Pattern DEFINER = Pattern.compile("DEFINER=`[^`]*`(@`[^`]*`)?");
    private static final String GLOBAL = " ON *.* TO ";
    private static final Pattern RIGHT = Pattern.compile("ALL PRIVILEGES|SUPER|SET USER|SET_USER_ID|SET_ANY_DEFINER");
    private static final byte[] INSERT = "INSERT INTO ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARK = "DEFINER=`".getBytes(StandardCharsets.US_ASCII);

    private MySqlDefiners() {
    }

    /** Whether these lines of SHOW GRANTS give the right to name any definer. */
    static boolean grantsAllowDefiners(List<String> showGrants) {
        return showGrants.stream()
                .filter(line -> line.startsWith("GRANT ") && line.contains(GLOBAL))
                .anyMatch(line -> RIGHT.matcher(line.substring(0, line.indexOf(GLOBAL))).find());
    }

    /** What a load whose definers were rewritten must tell, or empty when none but the user's own were named. */
    static Optional<String> changedMessage(Rewrite rewrite, String currentUser, String user) {
        Set<String> others = new TreeSet<>(rewrite.definers);
        others.remove(currentUser);
        if (others.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("The views, triggers, routines and events defined by " + String.join(" ", others)
                + " now have " + currentUser + " as their definer: user " + user + " may not create objects for another user"
                + " (that needs SUPER or SET USER on MariaDB, SET_USER_ID or SET_ANY_DEFINER on MySQL); restore as a user"
                + " who may, to keep their definers.");
    }

    /**
     * The dump with every definer replaced by CURRENT_USER, except in INSERT lines (the data);
     * remembers the definers it replaced ({@code user@host}). Line by line: a dump's lines are
     * statements, no longer than the server's max_allowed_packet.
     */
    static final class Rewrite extends InputStream {
        private final InputStream in;
        private final Set<String> definers = new TreeSet<>();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1 << 16);
        private final byte[] chunk = new byte[1 << 16];
        private int chunkPos;
        private int chunkLimit;
        private byte[] out = new byte[0];
        private int outPos;
        private boolean eof;

        Rewrite(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (outPos == out.length) {
                if (eof) {
                    return -1;
                }
                nextLine();
            }
            int n = Math.min(len, out.length - outPos);
            System.arraycopy(out, outPos, b, off, n);
            outPos += n;
            return n;
        }

        private void nextLine() throws IOException {
            line.reset();
            while (true) {
                if (chunkPos == chunkLimit) {
                    chunkLimit = in.read(chunk);
                    chunkPos = 0;
                    if (chunkLimit < 0) {
                        chunkLimit = 0;
                        eof = true;
                        break;
                    }
                }
                int start = chunkPos;
                while (chunkPos < chunkLimit && chunk[chunkPos] != '\n') {
                    chunkPos++;
                }
                boolean endOfLine = chunkPos < chunkLimit;
                if (endOfLine) {
                    chunkPos++;
                }
                line.write(chunk, start, chunkPos - start);
                if (endOfLine) {
                    break;
                }
            }
            out = rewritten(line.toByteArray());
            outPos = 0;
        }

        private byte[] rewritten(byte[] bytes) {
            if (startsWith(bytes, INSERT) || indexOf(bytes, MARK) < 0) {
                return bytes;
            }
            // ISO-8859-1 maps each byte to one char and back: the rest of the line is kept byte for byte
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            Matcher m = DEFINER.matcher(text);
            StringBuilder sb = new StringBuilder(text.length());
            while (m.find()) {
                definers.add(m.group().substring("DEFINER=".length()).replace("`", ""));
                m.appendReplacement(sb, "DEFINER=CURRENT_USER");
            }
            m.appendTail(sb);
            return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        private static boolean startsWith(byte[] bytes, byte[] prefix) {
            if (bytes.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (bytes[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private static int indexOf(byte[] bytes, byte[] part) {
            outer:
            for (int i = 0; i + part.length <= bytes.length; i++) {
                for (int j = 0; j < part.length; j++) {
                    if (bytes[i + j] != part[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
