// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.core.rdb.DumpPayload;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ValueType;

import static java.nio.charset.StandardCharsets.US_ASCII;

/** DUMP and RESTORE ({@code cluster.c}), in Redis's payload format so payloads move between the two. */
final class DumpCommands {
    private static final byte[] DEL = "DEL".getBytes(US_ASCII);
    private static final byte[] ABSTTL = "ABSTTL".getBytes(US_ASCII);
    private static final RedisError BAD_TTL = RedisError.err("Invalid TTL value, must be >= 0");
    private static final RedisError BAD_IDLETIME = RedisError.err("Invalid IDLETIME value, must be >= 0");
    private static final RedisError BAD_FREQ = RedisError.err("Invalid FREQ value, must be >= 0 and <= 255");
    private static final RedisError BAD_PAYLOAD = RedisError.err("DUMP payload version or checksum are wrong");
    private static final RedisError BAD_FORMAT = RedisError.err("Bad data format");

    /** DUMP key */
    void dump(CommandContext ctx, Arguments args) {
        Keyspace ks = ctx.keyspace();
        byte[] key = args.get(1);
        Object value = ks.get(key);
        if (value == null) {
            ctx.reply().nullBulk();
            return;
        }
        ValueType<?> type = ks.typeOf(key);
        if (type.rdbTypeIds().isEmpty()) {
            throw RedisError.err("DUMP of " + type.name() + " values is not supported yet");
        }
        ctx.reply().bulk(DumpPayload.create(type, value, compression(ctx)));
    }

    /** Redis's {@code rdbcompression}, on unless a persistence family registered it and turned it off. */
    private static boolean compression(CommandContext ctx) {
        return !"no".equals(ctx.services().config("rdbcompression"));
    }

    /** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency] */
    void restore(CommandContext ctx, Arguments args) {
        boolean replace = false;
        boolean absttl = false;
        long idle = -1;
        long freq = -1;
        for (int i = 4; i < args.size(); i++) {
            boolean hasValue = i + 1 < args.size();
            if (args.is(i, "REPLACE")) {
                replace = true;
            } else if (args.is(i, "ABSTTL")) {
                absttl = true;
            } else if (args.is(i, "IDLETIME") && hasValue && freq == -1) {
                idle = args.longValue(++i);
                if (idle < 0) {
                    throw BAD_IDLETIME;
                }
            } else if (args.is(i, "FREQ") && hasValue && idle == -1) {
                freq = args.longValue(++i);
                if (freq < 0 || freq > 255) {
                    throw BAD_FREQ;
                }
            } else {
                throw Errors.SYNTAX;
            }
        }
        Keyspace ks = ctx.keyspace();
        byte[] key = args.get(1);
        if (!replace && ks.exists(key)) {
            throw Errors.BUSYKEY;
        }
        long ttl = args.longValue(2);
        if (ttl < 0) {
            throw BAD_TTL;
        }
        byte[] payload = args.get(3);
        if (!DumpPayload.verify(payload)) {
            throw BAD_PAYLOAD;
        }
        Object value;
        try {
            value = DumpPayload.read(payload, ctx.services()::valueTypeForRdb);
        } catch (RdbFormatException e) {
            throw BAD_FORMAT;
        }
        if (value == null) {
            // an empty collection: Redis's rdbLoadObject fails on it as an empty key
            throw BAD_FORMAT;
        }
        boolean deleted = replace && ks.exists(key) && ks.remove(key);
        if (ttl != 0 && !absttl) {
            // no overflow check, as in Redis: a huge TTL wraps into the past and the key is not created
            ttl += ctx.now();
        }
        if (ttl != 0 && Database.alreadyExpired(ks, ttl, ctx.now())) {
            if (deleted) {
                ctx.propagate(DEL, key);
                ctx.modified(key, KeyEvent.GENERIC, "del");
            }
            ctx.reply().ok();
            return;
        }
        ks.set(key, value);
        if (ttl != 0) {
            ks.setExpireAt(key, ttl);
            if (!absttl) {
                byte[][] argv = new byte[args.size() + 1][];
                for (int i = 0; i < args.size(); i++) {
                    argv[i] = args.get(i);
                }
                argv[2] = Long.toString(ttl).getBytes(US_ASCII);
                argv[args.size()] = ABSTTL;
                ctx.propagate(argv);
            }
        }
        if (idle >= 0) {
            ks.setIdleTime(key, idle);
        }
        ctx.modified(key, KeyEvent.GENERIC, "restore");
        ctx.reply().ok();
    }
}
