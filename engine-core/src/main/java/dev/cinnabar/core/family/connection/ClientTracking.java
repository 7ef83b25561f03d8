// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import dev.cinnabar.core.Engine;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Client-side caching subcommands of CLIENT. Tracking is never on in Cinnabar: these reply as Redis does
 * for a client whose tracking is off, and {@code CLIENT TRACKING ON} validates its options as Redis does,
 * then refuses.
 */
final class ClientTracking {
    private static final RedisError UNSUPPORTED =
            RedisError.err("client-side caching (CLIENT TRACKING ON) is not supported by Cinnabar");

    private final Engine engine;

    ClientTracking(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
    }

    void register(FamilyContext ctx) {
        ctx.command("client|tracking", this::tracking);
        ctx.command("client|caching", this::caching);
        ctx.command("client|trackinginfo", this::trackinginfo);
        ctx.command("client|getredir", this::getredir);
    }

    /**
     * CLIENT TRACKING ON|OFF [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN] [OPTOUT]
     * [NOLOOP]
     */
    void tracking(CommandContext ctx, Arguments args) {
        boolean redirect = false;
        boolean bcast = false;
        boolean optin = false;
        boolean optout = false;
        List<byte[]> prefixes = new ArrayList<>();
        for (int j = 3; j < args.size(); j++) {
            boolean more = j + 1 < args.size();
            if (args.is(j, "redirect") && more) {
                j++;
                if (redirect) {
                    throw RedisError.err("A client can only redirect to a single other client");
                }
                redirect = true;
                if (engine.clients().get(args.longValue(j)) == null) {
                    throw RedisError.err("The client ID you want redirect to does not exist");
                }
            } else if (args.is(j, "bcast")) {
                bcast = true;
            } else if (args.is(j, "optin")) {
                optin = true;
            } else if (args.is(j, "optout")) {
                optout = true;
            } else if (args.is(j, "noloop")) {
                continue;
            } else if (args.is(j, "prefix") && more) {
                prefixes.add(args.get(++j));
            } else {
                throw Errors.SYNTAX;
            }
        }
        if (args.is(2, "off")) {
            ctx.reply().ok();
            return;
        }
        if (!args.is(2, "on")) {
            throw Errors.SYNTAX;
        }
        if (!bcast && !prefixes.isEmpty()) {
            throw RedisError.err("PREFIX option requires BCAST mode to be enabled");
        }
        if (bcast && (optin || optout)) {
            throw RedisError.err("OPTIN and OPTOUT are not compatible with BCAST");
        }
        if (optin && optout) {
            throw RedisError.err("You can't specify both OPTIN mode and OPTOUT mode");
        }
        checkPrefixOverlaps(prefixes);
        throw UNSUPPORTED;
    }

    /** Redis's {@code checkPrefixCollisionsOrReply} for the prefixes of one command. */
    private static void checkPrefixOverlaps(List<byte[]> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            for (int j = i + 1; j < prefixes.size(); j++) {
                byte[] a = prefixes.get(i);
                byte[] b = prefixes.get(j);
                int common = Math.min(a.length, b.length);
                if (Arrays.equals(a, 0, common, b, 0, common)) {
                    throw RedisError.err("Prefix '" + new String(a, StandardCharsets.UTF_8)
                            + "' overlaps with another provided prefix '" + new String(b, StandardCharsets.UTF_8)
                            + "'. Prefixes for a single client must not overlap.");
                }
            }
        }
    }

    /** CLIENT CACHING YES|NO */
    void caching(CommandContext ctx, Arguments args) {
        throw RedisError.err("CLIENT CACHING can be called only when the client is in tracking mode with OPTIN "
                + "or OPTOUT mode enabled");
    }

    /** CLIENT TRACKINGINFO */
    void trackinginfo(CommandContext ctx, Arguments args) {
        ReplyWriter w = ctx.reply();
        w.map(3);
        w.bulk("flags");
        w.set(1);
        w.bulk("off");
        w.bulk("redirect");
        w.integer(-1);
        w.bulk("prefixes");
        w.array(0);
    }

    /** CLIENT GETREDIR */
    void getredir(CommandContext ctx, Arguments args) {
        ctx.reply().integer(-1);
    }
}
