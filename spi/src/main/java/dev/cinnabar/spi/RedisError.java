// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.Objects;

/**
 * The one error a command raises; the dispatcher replies {@code -CODE message}. Carries no stack trace:
 * it is control flow, and shared instances in {@link Errors} are thrown on hot paths.
 */
public final class RedisError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public RedisError(ErrorCode code, String message) {
        super(Objects.requireNonNull(message, "message is null"), null, false, false);
        this.code = Objects.requireNonNull(code, "code is null");
    }

    public static RedisError err(String message) {
        return new RedisError(ErrorCode.ERR, message);
    }

    public ErrorCode code() {
        return code;
    }

    /**
     * The reply line without the leading '-' and trailing CRLF, e.g. {@code "ERR syntax error"}; an empty
     * message gives the bare code, as Redis's {@code shared.err} ("-ERR").
     */
    public String line() {
        return getMessage().isEmpty() ? code.name() : code.name() + " " + getMessage();
    }
}
