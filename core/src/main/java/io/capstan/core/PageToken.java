package io.capstan.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page tokens: base64 of {@code {"offset": N}}, the same text MLflow's SQL store emits,
 * so a token is meaningful to any server replica on the same database.
 */
public final class PageToken {
    private PageToken() {
    }

    /** The token that resumes at {@code offset}. */
    public static String ofOffset(long offset) {
        String json = "{\"offset\": " + offset + "}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The offset a token stands for; 0 for a null or empty token.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE when the token was not made here
     */
    public static long offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String json = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).trim();
            String digits = json.replaceAll("^\\{\\s*\"offset\"\\s*:\\s*(\\d{1,18})\\s*}$", "$1");
            if (digits.equals(json)) {
                throw new IllegalArgumentException(json);
            }
            return Long.parseLong(digits);
        } catch (IllegalArgumentException e) {
            throw CapstanException.invalid("Invalid page token, could not base64-decode");
        }
    }
}
