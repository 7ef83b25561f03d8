// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.EngineAccessRequest;
import dev.cinnabar.core.ExecutionContext;
import dev.cinnabar.spi.AccessContext;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.Objects;

import static dev.cinnabar.core.family.connection.ConnectionCommands.client;

/** {@code AUTH} and {@code HELLO}: authentication and the protocol handshake, through the engine's access control. */
final class AuthCommands {
    /** The version HELLO reports: the Redis release whose behaviour Cinnabar follows. */
    static final String REDIS_VERSION = "7.0.15";

    private static final RedisError NO_PASSWORD = RedisError.err("AUTH <password> called without any password "
            + "configured for the default user. Are you sure your configuration is correct?");
    private static final RedisError PROTOVER_NOT_INT =
            RedisError.err("Protocol version is not an integer or out of range");
    private static final RedisError NOPROTO = new RedisError(ErrorCode.NOPROTO, "unsupported protocol version");
    private static final RedisError HELLO_NOAUTH = new RedisError(ErrorCode.NOAUTH, "HELLO must be called with the "
            + "client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to "
            + "authenticate the client and select the RESP protocol version at the same time");

    private final Engine engine;

    AuthCommands(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
    }

    void register(FamilyContext ctx) {
        ctx.command("auth", this::auth);
        ctx.command("hello", this::hello);
    }

    /** AUTH [username] password */
    void auth(CommandContext ctx, Arguments args) {
        if (args.size() > 3) {
            throw Errors.SYNTAX;
        }
        for (int i = 1; i < args.size(); i++) {
            ctx.redactArgument(i);
        }
        String user;
        if (args.size() == 2) {
            // the default user has nopass exactly when no password is required
            if (engine.accessControl().defaultUserNoPass()) {
                throw NO_PASSWORD;
            }
            user = "default";
        } else {
            user = args.string(1);
        }
        authenticate(ctx, client(ctx), user, args.get(args.size() - 1));
        ctx.reply().ok();
    }

    /**
     * HELLO [protover [AUTH username password] [SETNAME clientname]]
     *
     * <p>As in Redis 7.0, options take effect as they are read: a valid AUTH or SETNAME before a bad option
     * stays done although the command replies an error.
     */
    void hello(CommandContext ctx, Arguments args) {
        Client c = client(ctx);
        long version = 0;
        int next = 1;
        if (args.size() >= 2) {
            version = Numbers.parseLong(args.get(1), PROTOVER_NOT_INT);
            next = 2;
            if (version < 2 || version > 3) {
                throw NOPROTO;
            }
        }
        for (int j = next; j < args.size(); j++) {
            int more = args.size() - 1 - j;
            if (args.is(j, "auth") && more >= 2) {
                ctx.redactArgument(j + 1);
                ctx.redactArgument(j + 2);
                authenticate(ctx, c, args.string(j + 1), args.get(j + 2));
                j += 2;
            } else if (args.is(j, "setname") && more >= 1) {
                ClientNames.set(c, args.get(j + 1));
                j++;
            } else {
                throw RedisError.err("Syntax error in HELLO option '" + args.string(j) + "'");
            }
        }
        if (!c.authenticated) {
            throw HELLO_NOAUTH;
        }
        if (version != 0) {
            c.protocol = (int) version;
        }
        ReplyWriter w = ctx.reply();
        w.map(7);
        w.bulk("server");
        w.bulk("redis");
        w.bulk("version");
        w.bulk(REDIS_VERSION);
        w.bulk("proto");
        w.integer(c.protocol);
        w.bulk("id");
        w.integer(c.id());
        w.bulk("mode");
        w.bulk("standalone");
        w.bulk("role");
        w.bulk("master");
        w.bulk("modules");
        w.array(0);
    }

    /** Logs {@code c} in as {@code user}; WRONGPASS (and no change) when refused. */
    private void authenticate(CommandContext ctx, Client c, String user, byte[] password) {
        ExecutionContext exec = (ExecutionContext) ctx;
        AccessContext where = c.multi.active ? AccessContext.MULTI : AccessContext.TOPLEVEL;
        c.user = engine.accessControl().authenticate(
                new EngineAccessRequest(engine, c, exec.currentCommand(), exec.currentArgv(), where), user, password);
        c.authenticated = true;
    }
}
