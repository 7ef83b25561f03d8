// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.ReplyWriter;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * What both VMs share: the invocation in progress (Redis keeps it in the Lua registry), the PRNG behind
 * {@code math.random}, logging, and the top-level call that turns a script's result or error into a reply.
 * Engine thread only.
 */
final class ScriptRuntime {
    private static final System.Logger.Level[] LEVELS = {System.Logger.Level.DEBUG, System.Logger.Level.DEBUG,
            System.Logger.Level.INFO, System.Logger.Level.WARNING};
    private final Lrand48 random = new Lrand48();
    private final System.Logger logger;
    private ScriptRun current;

    ScriptRuntime(System.Logger logger) {
        this.logger = logger;
    }

    ScriptRun current() {
        return current;
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
