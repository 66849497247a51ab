package io.github.dockstart.detection;

import io.github.dockstart.model.InvalidFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the project's text files: UTF-8, or ISO-8859-1 for older properties files that are not UTF-8. */
final class TextFiles {

    private TextFiles() {
    }

    static String read(Path file, String relativeName) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
        } catch (IOException e) {
            throw new InvalidFileException(relativeName, 0, relativeName + ": cannot be read: " + e.getMessage() + ".", e);
        }
    }
}
