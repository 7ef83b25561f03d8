// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.keys;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ValueType;

import java.util.Arrays;

/**
 * The generic keyspace commands ({@code db.c}, {@code expire.c}, {@code object.c}, DUMP/RESTORE of
 * {@code cluster.c}); they work on keys of any type. Expiry, iteration, OBJECT and DUMP/RESTORE live in
 * their own classes.
 */
public final class KeyCommands implements CommandFamily {
    private static final RedisError SAME_OBJECT = RedisError.err("source and destination objects are the same");
    private static final RedisError INT_RANGE =
            RedisError.err("value is out of range, value must between -2147483648 and 2147483647");

    private final ExpireCommands expire = new ExpireCommands();
    private final ScanCommands scan = new ScanCommands();
    private final ObjectCommands object = new ObjectCommands();
    private final DumpCommands dump = new DumpCommands();

    @Override
    public String name() {
        return "keys";
    }

    @Override
    public void register(FamilyContext ctx) {
        ctx.command("del", this::del);
        ctx.command("unlink", this::unlink);
        ctx.command("exists", this::exists);
        ctx.command("touch", this::touch);
        ctx.command("type", this::type);
        ctx.command("randomkey", this::randomkey);
        ctx.command("rename", this::rename);
        ctx.command("renamenx", this::renamenx);
        ctx.command("copy", this::copy);
        ctx.command("move", this::move);
        ctx.command("expire", expire::expire);
        ctx.command("pexpire", expire::pexpire);
        ctx.command("expireat", expire::expireat);
        ctx.command("pexpireat", expire::pexpireat);
        ctx.command("ttl", expire::ttl);
        ctx.command("pttl", expire::pttl);
        ctx.command("expiretime", expire::expiretime);
        ctx.command("pexpiretime", expire::pexpiretime);
        ctx.command("persist", expire::persist);
        ctx.command("keys", scan::keys);
        ctx.command("scan", scan::scan);
        ctx.command("object|encoding", object::encoding);
        ctx.command("object|freq", object::freq);
        ctx.command("object|idletime", object::idletime);
        ctx.command("object|refcount", object::refcount);
        ctx.command("object|help", object::help);
        ctx.command("dump", dump::dump);
        ctx.command("restore", dump::restore);
    }

    /** DEL key [key ...] */
    void del(CommandContext ctx, Arguments args) {
        delGeneric(ctx, args);
    }

    /** UNLINK key [key ...] */
    void unlink(CommandContext ctx, Arguments args) {
        delGeneric(ctx, args);
    }

    /** The shared path of DEL and UNLINK: values are freed by the garbage collector either way. */
    private static void delGeneric(CommandContext ctx, Arguments args) {
        Keyspace ks = ctx.keyspace();
        long deleted = 0;
        for (int i = 1; i < args.size(); i++) {
            byte[] key = args.get(i);
            // exists() first, so a key found expired is expired (and propagated) rather than counted
            if (ks.exists(key) && ks.remove(key)) {
                ctx.modified(key, KeyEvent.GENERIC, "del");
                deleted++;
            }
        }
        ctx.reply().integer(deleted);
    }

    /** EXISTS key [key ...] */
    void exists(CommandContext ctx, Arguments args) {
        Keyspace ks = ctx.keyspace();
        long count = 0;
        for (int i = 1; i < args.size(); i++) {
            if (ks.exists(args.get(i))) {
                count++;
            }
        }
        ctx.reply().integer(count);
    }

    /** TOUCH key [key ...] */
    void touch(CommandContext ctx, Arguments args) {
        Keyspace ks = ctx.keyspace();
        long count = 0;
        for (int i = 1; i < args.size(); i++) {
            if (ks.get(args.get(i)) != null) {
                count++;
            }
        }
        ctx.reply().integer(count);
    }

    /** TYPE key */
    void type(CommandContext ctx, Arguments args) {
        ValueType<?> type = ctx.keyspace().typeOf(args.get(1));
        ctx.reply().simple(type == null ? "none" : type.name());
    }

    /** RANDOMKEY */
    void randomkey(CommandContext ctx, Arguments args) {
        byte[] key = ctx.keyspace().randomKey();
        if (key == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(key);
        }
    }

    /** RENAME key newkey */
    void rename(CommandContext ctx, Arguments args) {
        renameGeneric(ctx, args, false);
    }

    /** RENAMENX key newkey */
    void renamenx(CommandContext ctx, Arguments args) {
        renameGeneric(ctx, args, true);
    }

    /** The shared path of RENAME and RENAMENX ({@code renameGenericCommand}); the TTL goes with the value. */
    private static void renameGeneric(CommandContext ctx, Arguments args, boolean nx) {
        Keyspace ks = ctx.keyspace();
        byte[] key = args.get(1);
        byte[] newKey = args.get(2);
        Object value = ks.get(key);
        if (value == null) {
            throw Errors.NO_SUCH_KEY;
        }
        if (Arrays.equals(key, newKey)) {
            replyRenamed(ctx, nx, false);
            return;
        }
        long expireAt = ks.expireAt(key);
        if (nx && ks.exists(newKey)) {
            replyRenamed(ctx, nx, false);
            return;
        }
        ks.set(newKey, value);
        if (expireAt >= 0) {
            ks.setExpireAt(newKey, expireAt);
        }
        ks.remove(key);
        ctx.modified(key, KeyEvent.GENERIC, "rename_from");
        ctx.modified(newKey, KeyEvent.GENERIC, "rename_to");
        replyRenamed(ctx, nx, true);
    }

    private static void replyRenamed(CommandContext ctx, boolean nx, boolean renamed) {
        if (nx) {
            ctx.reply().integer(renamed ? 1 : 0);
        } else {
            ctx.reply().ok();
        }
    }

    /** COPY source destination [DB destination-db] [REPLACE] */
    void copy(CommandContext ctx, Arguments args) {
        int db = ctx.client().db();
        boolean replace = false;
        for (int i = 3; i < args.size(); i++) {
            if (args.is(i, "REPLACE")) {
                replace = true;
            } else if (args.is(i, "DB") && i + 1 < args.size()) {
                db = intValue(args, ++i);
                ctx.keyspace(db);
            } else {
                throw Errors.SYNTAX;
            }
        }
        byte[] key = args.get(1);
        byte[] newKey = args.get(2);
        if (db == ctx.client().db() && Arrays.equals(key, newKey)) {
            throw SAME_OBJECT;
        }
        Keyspace src = ctx.keyspace();
        Keyspace dst = ctx.keyspace(db);
        Object value = src.get(key);
        if (value == null) {
            ctx.reply().integer(0);
            return;
        }
        ValueType<?> type = src.typeOf(key);
        long expireAt = src.expireAt(key);
        if (dst.exists(newKey)) {
            if (!replace) {
                ctx.reply().integer(0);
                return;
            }
            dst.remove(newKey);
        }
        dst.set(newKey, deepCopy(type, value));
        if (expireAt >= 0) {
            dst.setExpireAt(newKey, expireAt);
        }
        ctx.modified(db, newKey, KeyEvent.GENERIC, "copy_to");
        ctx.reply().integer(1);
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(ValueType<T> type, Object value) {
        return type.copy((T) value);
    }

    /** MOVE key db */
    void move(CommandContext ctx, Arguments args) {
        int db = intValue(args, 2);
        Keyspace dst = ctx.keyspace(db);
        if (db == ctx.client().db()) {
            throw SAME_OBJECT;
        }
        Keyspace src = ctx.keyspace();
        byte[] key = args.get(1);
        Object value = src.get(key);
        if (value == null) {
            ctx.reply().integer(0);
            return;
        }
        long expireAt = src.expireAt(key);
        if (dst.exists(key)) {
            ctx.reply().integer(0);
            return;
        }
        dst.set(key, value);
        if (expireAt >= 0) {
            dst.setExpireAt(key, expireAt);
        }
        src.remove(key);
        ctx.modified(key, KeyEvent.GENERIC, "move_from");
        ctx.modified(db, key, KeyEvent.GENERIC, "move_to");
        ctx.reply().integer(1);
    }

    /** Redis's {@code getIntFromObjectOrReply}: a 64-bit integer first, then the 32-bit range. */
    private static int intValue(Arguments args, int index) {
        long v = args.longValue(index);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw INT_RANGE;
        }
        return (int) v;
    }
}
