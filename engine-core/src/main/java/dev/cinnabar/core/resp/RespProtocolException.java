// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.resp;

/** Malformed input; the connection replies with {@link #getMessage()} as an error and closes, as Redis does. */
public final class RespProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RespProtocolException(String message) {
        super(message, null, false, false);
    }

    /** The error line without '-', e.g. {@code "ERR Protocol error: invalid bulk length"}. */
    public String line() {
        return "ERR Protocol error: " + getMessage();
    }
}
