// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * What both VMs share: the invocation in progress (Redis keeps it in the Lua registry), the PRNG behind
 * {@code math.random}, logging, the top-level call that turns a script's result or error into a reply, and
 * what {@link CountHook} asks every so many instructions: whether a script is past busy-reply-threshold,
 * killed, or a library load past its time. Engine thread only.
 */
final class ScriptRuntime {
    /** Redis's {@code LOAD_TIMEOUT_MS}: how long a library's code may run at FUNCTION LOAD. */
    static final long LOAD_TIMEOUT_MILLIS = 500;
    static final RedisError NOTBUSY = new RedisError(ErrorCode.NOTBUSY, "No scripts in execution right now.");
    static final RedisError UNKILLABLE = new RedisError(ErrorCode.UNKILLABLE, "Sorry the script already executed "
            + "write commands against the dataset. You can either wait the script termination or kill the server "
            + "in a hard way using the SHUTDOWN NOSAVE command.");

    private static final System.Logger.Level[] LEVELS = {System.Logger.Level.DEBUG, System.Logger.Level.DEBUG,
            System.Logger.Level.INFO, System.Logger.Level.WARNING};
    private final Lrand48 random = new Lrand48();
    private final System.Logger logger;
    private ScriptRun current;
    private volatile long busyReplyThresholdMillis = 5000;
    private boolean loading;
    private long loadStartNanos;

    ScriptRuntime(System.Logger logger) {
        this.logger = logger;
    }

    ScriptRun current() {
        return current;
    }

    /** busy-reply-threshold (lua-time-limit); 0 disables busy replies and SCRIPT KILL. */
    void busyReplyThreshold(long millis) {
        busyReplyThresholdMillis = millis;
    }

    /**
     * Called by {@link CountHook}: the error that stops the running code, or null to go on. A script past
     * busy-reply-threshold serves the other clients from here, as Redis's {@code scriptInterrupt}.
     */
    LuaError interrupt() {
        if (loading) {
            return System.nanoTime() - loadStartNanos > LOAD_TIMEOUT_MILLIS * 1_000_000
                    ? RedisLuaApi.raise("FUNCTION LOAD timeout") : null;
        }
        ScriptRun run = current;
        long threshold = busyReplyThresholdMillis;
        if (run == null || threshold <= 0) {
            return null;
        }
        if (run.killed()) {
            return killedError();
        }
        if (!run.timedOut()) {
            long elapsed = run.elapsedMillis();
            if (elapsed < threshold) {
                return null;
            }
            logger.log(System.Logger.Level.WARNING, "Slow script detected: still in execution after " + elapsed
                    + " milliseconds. You can try killing the script using the "
                    + (run.eval() ? "SCRIPT KILL" : "FUNCTION KILL") + " command. Script name is: " + run.name()
                    + ".");
            run.timeOut();
        }
        if (run.onOwnThread()) {
            // a coroutine runs on a thread of its own, which must not touch the clients
            run.context().serveWhileBusy(run.busyError());
        }
        if (run.killed()) {
            logger.log(System.Logger.Level.WARNING, "Lua script killed by user with SCRIPT KILL.");
            return killedError();
        }
        return null;
    }

    private static LuaError killedError() {
        return RedisLuaApi.raise("Script killed by user with SCRIPT KILL...");
    }

    /** SCRIPT KILL ({@code byScriptKill}) and FUNCTION KILL, with Redis's {@code scriptKill} checks. */
    void kill(boolean byScriptKill) {
        ScriptRun run = current;
        if (run == null) {
            throw NOTBUSY;
        }
        if (run.wroteData()) {
            throw UNKILLABLE;
        }
        if (byScriptKill && !run.eval()) {
            throw ScriptRun.BUSY_FUNCTION;
        }
        if (!byScriptKill && run.eval()) {
            throw ScriptRun.BUSY_EVAL;
        }
        run.kill();
    }

    /** Runs a library's code at FUNCTION LOAD, stopping it after {@value #LOAD_TIMEOUT_MILLIS} ms. */
    void load(Runnable code) {
        loadStartNanos = System.nanoTime();
        loading = true;
        try {
            code.run();
        } finally {
            loading = false;
        }
    }

    void log(int level, String line) {
        logger.log(LEVELS[level], line);
    }

    /**
     * Runs {@code function} for {@code run} and writes its reply (or error) to {@code out}. The PRNG is not
     * reseeded: as in Redis 7.0 its sequence goes on from one script to the next (and from EVAL to FCALL).
     *
     * @param chunk "user_script" or "user_function", for errors LuaJ cannot place
     */
    void execute(ScriptRun run, LuaValue function, Varargs args, ReplyWriter out, String chunk) {
        ScriptRun previous = current;
        current = run;
        int db = run.context().client().db();
        try {
            LuaValue result = function.invoke(args).arg1();
            LuaReplies.write(result, out, run.protocol());
        } catch (LuaError e) {
            out.error(ScriptErrors.reply(e, run.name()));
        } catch (StackOverflowError e) {
            out.error(ScriptErrors.stackOverflow(chunk, run.name()));
        } catch (OutOfMemoryError e) {
            // the script's garbage is unreachable once it has failed: the engine goes on
            out.error(ScriptErrors.outOfMemory(run.name()));
        } finally {
            current = previous;
            restoreDatabase(run, db);
        }
    }

    /**
     * A SELECT inside a script changes only the script's database in Redis (the script runs on its own
     * client); here nested commands run as the caller, so the caller's database is selected back.
     */
    private static void restoreDatabase(ScriptRun run, int db) {
        if (run.context().client().db() != db) {
            run.context().call(new LuaReplyBuilder(2), false,
                    "SELECT".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    Integer.toString(db).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    /** math.random, as Redis's {@code redis_math_random} over {@code redisLrand48}. */
    Varargs random(Varargs args) {
        if (current == null) {
            throw new LuaError("math.random can only be called inside a script invocation");
        }
        double r = (double) (random.next() % Lrand48.MAX) / (double) Lrand48.MAX;
        switch (args.narg()) {
            case 0:
                return LuaValue.valueOf(r);
            case 1: {
                int u = args.checkint(1);
                if (u < 1) {
                    throw new LuaError("bad argument #1 to 'random' (interval is empty)");
                }
                return LuaValue.valueOf(Math.floor(r * u) + 1);
            }
            case 2: {
                int l = args.checkint(1);
                int u = args.checkint(2);
                if (l > u) {
                    throw new LuaError("bad argument #2 to 'random' (interval is empty)");
                }
                return LuaValue.valueOf(Math.floor(r * (u - l + 1)) + l);
            }
            default:
                throw new LuaError("wrong number of arguments");
        }
    }

    Varargs randomseed(Varargs args) {
        if (current == null) {
            throw new LuaError("math.randomseed can only be called inside a script invocation");
        }
        random.seed(args.checkint(1));
        return LuaValue.NONE;
    }
}
