package org.credentialcourier.system.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict UTF-8 decoding, written once: a malformed or unmappable byte is refused, never replaced by U+FFFD, so that
 * a file or body saved in another encoding is rejected instead of being stored garbled. Used by the JSON body filter
 * and by both CSV uploads (API and console).
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** The text of {@code bytes}, or empty when they are not valid UTF-8. */
    public static Optional<String> decode(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The text of an uploaded file, or a 400 on {@code field} saying how to save it as UTF-8. */
    public static String file(byte[] bytes, String field) {
        return decode(bytes).orElseThrow(
                () -> new InvalidInputException(field, "The file is not valid UTF-8: save it as CSV UTF-8"));
    }
}
