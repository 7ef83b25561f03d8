// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/** Errors Redis raises often, built once (Redis's {@code shared.*err}). Messages are Redis 7.0's, verbatim. */
public interface Errors {
    RedisError WRONGTYPE = new RedisError(ErrorCode.WRONGTYPE,
            "Operation against a key holding the wrong kind of value");
    RedisError SYNTAX = RedisError.err("syntax error");
    RedisError NOT_INTEGER = RedisError.err("value is not an integer or out of range");
    RedisError NOT_FLOAT = RedisError.err("value is not a valid float");
    RedisError OVERFLOW = RedisError.err("increment or decrement would overflow");
    RedisError NO_SUCH_KEY = RedisError.err("no such key");
    RedisError OUT_OF_RANGE = RedisError.err("index out of range");
    RedisError DB_INDEX = RedisError.err("DB index is out of range");
    RedisError TIMEOUT_NEGATIVE = RedisError.err("timeout is negative");
    RedisError TIMEOUT_NOT_FLOAT = RedisError.err("timeout is not a float or out of range");
    RedisError STRING_TOO_LONG = RedisError.err("string exceeds maximum allowed size (proto-max-bulk-len)");
    RedisError NOAUTH = new RedisError(ErrorCode.NOAUTH, "Authentication required.");
    RedisError BUSYKEY = new RedisError(ErrorCode.BUSYKEY, "Target key name already exists.");

    static RedisError wrongArity(String command) {
        return RedisError.err("wrong number of arguments for '" + command + "' command");
    }

    /** Redis's {@code addReplyErrorExpireTime}; {@code command} is the full lower-case name, e.g. {@code "setex"}. */
    static RedisError invalidExpire(String command) {
        return RedisError.err("invalid expire time in '" + command + "' command");
    }

    static RedisError unknownSubcommand(String sub, String container) {
        return RedisError.err("unknown subcommand '" + sub + "'. Try " + container + " HELP.");
    }
}
