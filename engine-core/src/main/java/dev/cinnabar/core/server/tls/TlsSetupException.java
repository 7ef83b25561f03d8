// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server.tls;

/** Why a TLS context could not be built, in the words Redis logs for the same failure. */
public final class TlsSetupException extends Exception {
    public TlsSetupException(String message) {
        super(message);
    }

    TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
