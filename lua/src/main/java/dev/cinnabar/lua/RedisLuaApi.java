// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.Numbers;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The {@code redis} table scripts see: Redis's Lua API (script_lua.c), bound to the running invocation. */
final class RedisLuaApi {
    static final String REDIS_VERSION = "7.0.15";
    static final int REDIS_VERSION_NUM = 0x0007000f;
    static final int REPL_NONE = 0;
    static final int REPL_AOF = 1;
    static final int REPL_REPLICA = 2;
    static final int REPL_ALL = 3;
    private static final int LOG_DEBUG = 0;
    private static final int LOG_WARNING = 3;

    private final ScriptRuntime runtime;

    RedisLuaApi(ScriptRuntime runtime) {
        this.runtime = runtime;
    }

    /** Raises a Lua error carrying Redis's error table, as {@code luaPushError} + {@code luaError}. */
    static LuaError raise(String message) {
        return new LuaError(LuaReplyBuilder.errorTable(message));
    }

    /** The full API of a script or function run. */
    LuaTable table() {
        LuaTable redis = new LuaTable();
        redis.rawset("call", fn(args -> genericCall(args, true)));
        redis.rawset("pcall", fn(args -> genericCall(args, false)));
        addLog(redis);
        addVersion(redis);
        redis.rawset("setresp", fn(this::setResp));
        redis.rawset("sha1hex", fn(RedisLuaApi::sha1hex));
        redis.rawset("error_reply", fn(RedisLuaApi::errorReply));
        redis.rawset("status_reply", fn(RedisLuaApi::statusReply));
        redis.rawset("set_repl", fn(this::setRepl));
        redis.rawset("REPL_NONE", LuaValue.valueOf(REPL_NONE));
        redis.rawset("REPL_AOF", LuaValue.valueOf(REPL_AOF));
        redis.rawset("REPL_SLAVE", LuaValue.valueOf(REPL_REPLICA));
        redis.rawset("REPL_REPLICA", LuaValue.valueOf(REPL_REPLICA));
        redis.rawset("REPL_ALL", LuaValue.valueOf(REPL_ALL));
        redis.rawset("replicate_commands", fn(args -> LuaValue.TRUE));
        redis.rawset("acl_check_cmd", fn(this::aclCheckCmd));
        // without a debugging session (LDB is not supported) both are no-ops, as in Redis
        redis.rawset("breakpoint", fn(args -> LuaValue.FALSE));
        redis.rawset("debug", fn(args -> LuaValue.NONE));
        return redis;
    }

    void addLog(LuaTable redis) {
        redis.rawset("log", fn(this::log));
        redis.rawset("LOG_DEBUG", LuaValue.valueOf(0));
        redis.rawset("LOG_VERBOSE", LuaValue.valueOf(1));
        redis.rawset("LOG_NOTICE", LuaValue.valueOf(2));
        redis.rawset("LOG_WARNING", LuaValue.valueOf(3));
    }

    static void addVersion(LuaTable redis) {
        redis.rawset("REDIS_VERSION_NUM", LuaValue.valueOf(REDIS_VERSION_NUM));
        redis.rawset("REDIS_VERSION", LuaValue.valueOf(REDIS_VERSION));
    }

    interface Body {
        Varargs apply(Varargs args);
    }

    static VarArgFunction fn(Body body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        };
    }

    private ScriptRun running(String what) {
        ScriptRun run = runtime.current();
        if (run == null) {
            throw raise(what + " can only be called inside a script invocation");
        }
        return run;
    }

    /** redis.call / redis.pcall */
    private Varargs genericCall(Varargs args, boolean raiseError) {
        ScriptRun run = running("redis.call/pcall");
        byte[][] argv = argv(args);
        if (argv == null) {
            LuaTable error = LuaReplyBuilder.errorTable(args.narg() == 0
                    ? "Please specify at least one argument for this redis lib call"
                    : "Lua redis lib command arguments must be strings or integers");
            if (raiseError) {
                throw new LuaError(error);
            }
            return error;
        }
        LuaValue reply = run.call(argv);
        if (raiseError && reply.istable() && reply.rawget("err").type() == LuaValue.TSTRING) {
            throw new LuaError(reply);
        }
        return reply;
    }

    /** Redis's {@code luaArgsToRedisArgv}: numbers as {@code %.17g}; null when one is neither string nor number. */
    static byte[][] argv(Varargs args) {
        int n = args.narg();
        if (n == 0) {
            return null;
        }
        byte[][] argv = new byte[n][];
        for (int i = 0; i < n; i++) {
            LuaValue v = args.arg(i + 1);
            switch (v.type()) {
                case LuaValue.TNUMBER -> argv[i] = formatNumber(v.todouble()).getBytes(StandardCharsets.US_ASCII);
                case LuaValue.TSTRING -> argv[i] = LuaReplies.bytes(v);
                default -> {
                    return null;
                }
            }
        }
        return argv;
    }

    private static String formatNumber(double d) {
        long l = (long) d;
        if (l == d && Math.abs(d) < 1e17) {
            return Long.toString(l);
        }
        return Numbers.formatG17(d);
    }

    private Varargs log(Varargs args) {
        int argc = args.narg();
        if (argc < 2) {
            throw raise("redis.log() requires two arguments or more.");
        }
        if (!args.arg1().isnumber()) {
            throw raise("First argument must be a number (log level).");
        }
        int level = (int) args.arg1().todouble();
        if (level < LOG_DEBUG || level > LOG_WARNING) {
            throw raise("Invalid debug level.");
        }
        StringBuilder line = new StringBuilder();
        for (int j = 2; j <= argc; j++) {
            LuaValue v = args.arg(j);
            if (v.isstring()) {
                if (j != 2) {
                    line.append(' ');
                }
                line.append(v.tojstring());
            }
        }
        runtime.log(level, line.toString());
        return LuaValue.NONE;
    }

    private Varargs setResp(Varargs args) {
        ScriptRun run = running("redis.setresp");
        if (args.narg() != 1) {
            throw raise("redis.setresp() requires one argument.");
        }
        int resp = (int) args.arg1().todouble();
        if (resp != 2 && resp != 3) {
            throw raise("RESP version must be 2 or 3.");
        }
        run.protocol(resp);
        return LuaValue.NONE;
    }

    private Varargs setRepl(Varargs args) {
        ScriptRun run = running("redis.set_repl");
        if (args.narg() != 1) {
            throw raise("redis.set_repl() requires two arguments.");
        }
        int flags = (int) args.arg1().todouble();
        if ((flags & ~REPL_ALL) != 0) {
            throw raise("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
        }
        run.replication(flags);
        return LuaValue.NONE;
    }

    private Varargs aclCheckCmd(Varargs args) {
        ScriptRun run = running("redis.acl_check_cmd");
        byte[][] argv = argv(args);
        if (argv == null) {
            throw raise(args.narg() == 0 ? "Please specify at least one argument for this redis lib call"
                    : "Lua redis lib command arguments must be strings or integers");
        }
        if (run.context().services().lookupCommand(argv).isEmpty()) {
            throw raise("Invalid command passed to redis.acl_check_cmd()");
        }
        return LuaValue.valueOf(run.context().services().currentUserMayRun(argv));
    }

    private static Varargs sha1hex(Varargs args) {
        if (args.narg() != 1) {
            throw raise("wrong number of arguments");
        }
        LuaValue v = args.arg1();
        byte[] data = v.isstring() ? LuaReplies.bytes(v.tostring()) : new byte[0];
        return LuaValue.valueOf(sha1Hex(data));
    }

    static String sha1Hex(byte[] data) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(data);
            StringBuilder hex = new StringBuilder(40);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    private static Varargs errorReply(Varargs args) {
        if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
            return LuaReplyBuilder.errorTable("wrong number or type of arguments");
        }
        String err = args.arg1().tojstring();
        return LuaReplyBuilder.errorTable(err.startsWith("-") ? err : "-" + err);
    }

    private static Varargs statusReply(Varargs args) {
        if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
            return LuaReplyBuilder.errorTable("wrong number or type of arguments");
        }
        return LuaReplyBuilder.single(LuaValue.valueOf("ok"), args.arg1());
    }
}
