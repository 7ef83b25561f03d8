// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.pubsub;

import dev.cinnabar.core.CoreFamilyContext;
import dev.cinnabar.core.Engine;
import dev.cinnabar.core.ExecutionContext;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.keyspace.ByteKey;
import dev.cinnabar.core.keyspace.Glob;
import dev.cinnabar.core.pubsub.PubSub;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Pub/sub commands ({@code pubsub.c}): channel, pattern and shard-channel subscriptions, PUBLISH, SPUBLISH
 * and PUBSUB introspection. Delivery lives in {@link PubSub}. Core state: uses the engine.
 */
public final class PubSubCommands implements CommandFamily {
    /** Redis refuses SSUBSCRIBE to a client that must not block: inside EXEC (SUBSCRIBE is let through there). */
    private static final RedisError SSUBSCRIBE_DENIED =
            RedisError.err("SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
    private static final byte[] SUBSCRIBE = ascii("subscribe");
    private static final byte[] UNSUBSCRIBE = ascii("unsubscribe");
    private static final byte[] PSUBSCRIBE = ascii("psubscribe");
    private static final byte[] PUNSUBSCRIBE = ascii("punsubscribe");
    private static final byte[] SSUBSCRIBE = ascii("ssubscribe");
    private static final byte[] SUNSUBSCRIBE = ascii("sunsubscribe");
    private static final List<String> HELP = List.of(
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
            "HELP",
            "    Prints this help.");

    private Engine engine;

    @Override
    public String name() {
        return "pubsub";
    }

    @Override
    public void register(FamilyContext ctx) {
        engine = CoreFamilyContext.engineOf(ctx);
        ctx.command("subscribe", this::subscribe);
        ctx.command("unsubscribe", this::unsubscribe);
        ctx.command("psubscribe", this::psubscribe);
        ctx.command("punsubscribe", this::punsubscribe);
        ctx.command("ssubscribe", this::ssubscribe);
        ctx.command("sunsubscribe", this::sunsubscribe);
        ctx.command("publish", this::publish);
        ctx.command("spublish", this::spublish);
        ctx.command("pubsub|channels", this::channels);
        ctx.command("pubsub|numsub", this::numsub);
        ctx.command("pubsub|numpat", this::numpat);
        ctx.command("pubsub|shardchannels", this::shardchannels);
        ctx.command("pubsub|shardnumsub", this::shardnumsub);
        ctx.command("pubsub|help", this::help);
    }

    private static Client client(CommandContext ctx) {
        return ((ExecutionContext) ctx).currentClient();
    }

    /** SUBSCRIBE channel [channel ...] */
    void subscribe(CommandContext ctx, Arguments args) {
        subscribeGeneric(ctx, args, SUBSCRIBE, engine.pubsub()::subscribe, PubSubCommands::channelCount);
    }

    /** PSUBSCRIBE pattern [pattern ...] */
    void psubscribe(CommandContext ctx, Arguments args) {
        subscribeGeneric(ctx, args, PSUBSCRIBE, engine.pubsub()::psubscribe, PubSubCommands::channelCount);
    }

    /** SSUBSCRIBE shardchannel [shardchannel ...] */
    void ssubscribe(CommandContext ctx, Arguments args) {
        Client c = client(ctx);
        if (c.multi.active || c.scripting) {
            throw SSUBSCRIBE_DENIED;
        }
        subscribeGeneric(ctx, args, SSUBSCRIBE, engine.pubsub()::ssubscribe, PubSubCommands::shardCount);
    }

    /** UNSUBSCRIBE [channel [channel ...]] */
    void unsubscribe(CommandContext ctx, Arguments args) {
        unsubscribeGeneric(ctx, args, UNSUBSCRIBE, c -> c.subscriptions.channels, engine.pubsub()::unsubscribe,
                PubSubCommands::channelCount);
    }

    /** PUNSUBSCRIBE [pattern [pattern ...]] */
    void punsubscribe(CommandContext ctx, Arguments args) {
        unsubscribeGeneric(ctx, args, PUNSUBSCRIBE, c -> c.subscriptions.patterns, engine.pubsub()::punsubscribe,
                PubSubCommands::channelCount);
    }

    /** SUNSUBSCRIBE [shardchannel [shardchannel ...]] */
    void sunsubscribe(CommandContext ctx, Arguments args) {
        unsubscribeGeneric(ctx, args, SUNSUBSCRIBE, c -> c.subscriptions.shardChannels,
                engine.pubsub()::sunsubscribe, PubSubCommands::shardCount);
    }

    /**
     * One reply per argument, in argument order, each with the count after that subscription (a repeated
     * name still gets its reply). Pushes in RESP3, arrays in RESP2.
     */
    private void subscribeGeneric(CommandContext ctx, Arguments args, byte[] kind,
                                  BiPredicate<Client, ByteKey> add, ToIntFunction<Client> count) {
        Client c = client(ctx);
        for (int i = 1; i < args.size(); i++) {
            add.test(c, new ByteKey(args.get(i)));
            confirm(ctx.reply(), kind, args.get(i), count.applyAsInt(c));
        }
    }

    /**
     * Without arguments: leaves every subscription of the kind, one reply each, or replies once with a
     * null name when there is none (Redis's {@code addReplyPubsubUnsubscribed} with a NULL channel).
     */
    private void unsubscribeGeneric(CommandContext ctx, Arguments args, byte[] kind,
                                    Function<Client, Set<ByteKey>> current,
                                    BiPredicate<Client, ByteKey> remove, ToIntFunction<Client> count) {
        Client c = client(ctx);
        if (args.size() > 1) {
            for (int i = 1; i < args.size(); i++) {
                remove.test(c, new ByteKey(args.get(i)));
                confirm(ctx.reply(), kind, args.get(i), count.applyAsInt(c));
            }
            return;
        }
        List<ByteKey> all = new ArrayList<>(current.apply(c));
        if (all.isEmpty()) {
            confirm(ctx.reply(), kind, null, count.applyAsInt(c));
            return;
        }
        for (ByteKey name : all) {
            remove.test(c, name);
            confirm(ctx.reply(), kind, name.bytes(), count.applyAsInt(c));
        }
    }

    /** What (P)SUBSCRIBE and (P)UNSUBSCRIBE report: channels plus patterns, shard channels apart. */
    private static int channelCount(Client c) {
        return c.subscriptions.count();
    }

    /** What SSUBSCRIBE and SUNSUBSCRIBE report. */
    private static int shardCount(Client c) {
        return c.subscriptions.shardChannels.size();
    }

    private static void confirm(ReplyWriter w, byte[] kind, byte[] name, int count) {
        w.push(3);
        w.bulk(kind);
        if (name == null) {
            w.nullBulk();
        } else {
            w.bulk(name);
        }
        w.integer(count);
    }

    /** PUBLISH channel message */
    void publish(CommandContext ctx, Arguments args) {
        ctx.reply().integer(ctx.publish(args.get(1), args.get(2)));
    }

    /** SPUBLISH shardchannel message */
    void spublish(CommandContext ctx, Arguments args) {
        ctx.reply().integer(engine.pubsub().spublish(args.get(1), args.get(2)));
    }

    /** PUBSUB CHANNELS [pattern] */
    void channels(CommandContext ctx, Arguments args) {
        channelsGeneric(ctx, args, engine.pubsub().channels());
    }

    /** PUBSUB SHARDCHANNELS [pattern] */
    void shardchannels(CommandContext ctx, Arguments args) {
        channelsGeneric(ctx, args, engine.pubsub().shardChannels());
    }

    private static void channelsGeneric(CommandContext ctx, Arguments args, Collection<ByteKey> active) {
        if (args.size() > 3) {
            throw syntaxError(args);
        }
        byte[] pattern = args.size() == 3 ? args.get(2) : null;
        List<byte[]> matching = new ArrayList<>();
        for (ByteKey channel : active) {
            if (pattern == null || Glob.matches(pattern, channel.bytes(), false)) {
                matching.add(channel.bytes());
            }
        }
        ctx.reply().array(matching.size());
        for (byte[] channel : matching) {
            ctx.reply().bulk(channel);
        }
    }

    /** PUBSUB NUMSUB [channel [channel ...]] */
    void numsub(CommandContext ctx, Arguments args) {
        numsubGeneric(ctx, args, engine.pubsub()::subscribers);
    }

    /** PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]] */
    void shardnumsub(CommandContext ctx, Arguments args) {
        numsubGeneric(ctx, args, engine.pubsub()::shardSubscribers);
    }

    /** Channel and count pairs as a flat array, in RESP3 too (Redis does not use a map here). */
    private static void numsubGeneric(CommandContext ctx, Arguments args, ToIntFunction<ByteKey> subscribers) {
        ctx.reply().array((args.size() - 2) * 2);
        for (int i = 2; i < args.size(); i++) {
            ctx.reply().bulk(args.get(i));
            ctx.reply().integer(subscribers.applyAsInt(new ByteKey(args.get(i))));
        }
    }

    /** PUBSUB NUMPAT */
    void numpat(CommandContext ctx, Arguments args) {
        ctx.reply().integer(engine.pubsub().patternCount());
    }

    /** PUBSUB HELP */
    void help(CommandContext ctx, Arguments args) {
        ctx.reply().array(HELP.size());
        for (String line : HELP) {
            ctx.reply().simple(line);
        }
    }

    /** Redis's {@code addReplySubcommandSyntaxError}: the subcommand as typed, the command upper-cased. */
    private static RedisError syntaxError(Arguments args) {
        String sub = args.string(1);
        return RedisError.err("unknown subcommand or wrong number of arguments for '"
                + (sub.length() > 128 ? sub.substring(0, 128) : sub) + "'. Try "
                + args.string(0).toUpperCase(Locale.ROOT) + " HELP.");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
