// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.resp;

/** Protocol limits, with Redis 7.0's values ({@code server.h}). */
public final class RespLimits {
    /** Longest inline command or header line before a protocol error: 64 KiB (PROTO_INLINE_MAX_SIZE). */
    public static final int INLINE_MAX_BYTES = 64 * 1024;
    /** Largest multibulk count Redis accepts: INT_MAX. */
    public static final long MULTIBULK_MAX = Integer.MAX_VALUE;
    /** Before authentication, at most 10 arguments per command. */
    public static final long UNAUTHENTICATED_MULTIBULK_MAX = 10;
    /** Before authentication, bulk strings of at most 16 KiB. */
    public static final long UNAUTHENTICATED_BULK_MAX = 16 * 1024;
    /** Default {@code proto-max-bulk-len}: 512 MiB. */
    public static final long DEFAULT_PROTO_MAX_BULK_LEN = 512L * 1024 * 1024;
    /** Default {@code client-query-buffer-limit}: 1 GiB. */
    public static final long DEFAULT_QUERY_BUFFER_LIMIT = 1024L * 1024 * 1024;
    /** Java arrays stop just short of 2 GiB, so no single argument may be longer whatever the config says. */
    public static final long JVM_MAX_BULK = Integer.MAX_VALUE - 8;

    private RespLimits() {
    }
}
