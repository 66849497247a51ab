package io.github.dockstart.detection;

import io.github.dockstart.model.InvalidFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code .properties} file the way {@link java.util.Properties} does (comments, line
 * continuations, {@code \}-escapes), but keeps each key's line number, and splits the file into
 * Spring's documents at {@code #---} lines.
 */
final class PropertiesFileReader {

    private final String file;

    /** @param file the file's path relative to the project root, for evidence and errors */
    PropertiesFileReader(String file) {
        this.file = file;
    }

    /** @return the file's documents, each a list of properties in file order */
    List<List<ConfigProperty>> read(String content) {
        List<List<ConfigProperty>> documents = new ArrayList<>();
        List<ConfigProperty> document = new ArrayList<>();
        String[] lines = content.split("\r\n|\r|\n", -1);
        int index = 0;
        while (index < lines.length) {
            String trimmed = stripLeading(lines[index]);
            if (trimmed.equals("#---") || trimmed.equals("!---")) {
                documents.add(document);
                document = new ArrayList<>();
                index++;
                continue;
            }
            if (trimmed.isEmpty() || trimmed.charAt(0) == '#' || trimmed.charAt(0) == '!') {
                index++;
                continue;
            }
            LogicalLine logical = new LogicalLine(index + 1);
            logical.append(trimmed, index + 1);
            while (endsWithContinuation(logical.text) && index + 1 < lines.length) {
                logical.text.setLength(logical.text.length() - 1);
                index++;
                logical.append(stripLeading(lines[index]), index + 1);
            }
            if (endsWithContinuation(logical.text)) {
                logical.text.setLength(logical.text.length() - 1);
            }
            index++;
            document.add(parse(logical));
        }
        documents.add(document);
        return documents;
    }

    private ConfigProperty parse(LogicalLine logical) {
        String text = logical.text.toString();
        int keyEnd = 0;
        while (keyEnd < text.length()) {
            char c = text.charAt(keyEnd);
            if (c == '\\') {
                keyEnd += 2;
                continue;
            }
            if (c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f') {
                break;
            }
            keyEnd++;
        }
        keyEnd = Math.min(keyEnd, text.length());
        int valueStart = keyEnd;
        while (valueStart < text.length() && isBlank(text.charAt(valueStart))) {
            valueStart++;
        }
        if (valueStart < text.length() && (text.charAt(valueStart) == '=' || text.charAt(valueStart) == ':')) {
            valueStart++;
            while (valueStart < text.length() && isBlank(text.charAt(valueStart))) {
                valueStart++;
            }
        }
        String key = unescape(text, 0, keyEnd, logical);
        String value = unescape(text, valueStart, text.length(), logical);
        return new ConfigProperty(file, logical.firstLine, key, value, null);
    }

    private String unescape(String text, int start, int end, LogicalLine logical) {
        StringBuilder out = new StringBuilder(end - start);
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= end) {
                out.append(c);
                i++;
                continue;
            }
            char escaped = text.charAt(i + 1);
            switch (escaped) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append(unicode(text, i + 2, end, logical.lineAt(i)));
                    i += 4;
                }
                default -> out.append(escaped);
            }
            i += 2;
        }
        return out.toString();
    }

    private char unicode(String text, int from, int end, int line) {
        if (from + 4 > end) {
            throw malformedUnicode(line);
        }
        int code = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                throw malformedUnicode(line);
            }
            code = code * 16 + digit;
        }
        return (char) code;
    }

    private InvalidFileException malformedUnicode(int line) {
        return new InvalidFileException(String.valueOf(file), line, file + ":" + line
                + ": invalid properties file: malformed \\uXXXX escape (it needs four hex digits).");
    }

    private static boolean endsWithContinuation(CharSequence text) {
        int backslashes = 0;
        for (int i = text.length() - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String stripLeading(String line) {
        int i = 0;
        while (i < line.length() && isBlank(line.charAt(i))) {
            i++;
        }
        return line.substring(i);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    /** A property that may span several physical lines, remembering where each part came from. */
    private static final class LogicalLine {
        final int firstLine;
        final StringBuilder text = new StringBuilder();
        private final List<int[]> starts = new ArrayList<>();

        LogicalLine(int firstLine) {
            this.firstLine = firstLine;
        }

        void append(String part, int line) {
            starts.add(new int[] {text.length(), line});
            text.append(part);
        }

        int lineAt(int offset) {
            int line = firstLine;
            for (int[] start : starts) {
                if (start[0] <= offset) {
                    line = start[1];
                }
            }
            return line;
        }
    }
}
