// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.example;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.InfoSection;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.KeySpec;

import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A third-party-style plugin, kept as living documentation of the SPI: the {@code counter} type and its
 * commands {@code COUNTER.INCR key} and {@code COUNTER.GET key}, the {@code counter-step} config
 * parameter and an {@code example} INFO section.
 */
public final class ExampleFamily implements CommandFamily {
    private static final CounterType TYPE = new CounterType();
    private volatile long step = 1;
    private long increments;

    @Override
    public String name() {
        return "example";
    }

    @Override
    public void register(FamilyContext ctx) {
        ctx.valueType(TYPE);
        ctx.config(ConfigParam.ofInt("counter-step", 1, 1, 1_000_000, v -> step = Long.parseLong(v)));
        ctx.command(new CommandSpec("counter.incr", 2, Set.of(CommandFlag.WRITE, CommandFlag.FAST),
                List.of(), List.of(KeySpec.range(1, 0, 1, "RW", "UPDATE")), "module",
                "Adds counter-step to a counter, creating it at zero.", this::incr));
        ctx.command(new CommandSpec("counter.get", 2, Set.of(CommandFlag.READONLY, CommandFlag.FAST),
                List.of(), List.of(KeySpec.range(1, 0, 1, "RO", "ACCESS")), "module",
                "Returns a counter's value, or nil.", this::get));
        ctx.command(new CommandSpec("counter.set", 3, Set.of(CommandFlag.WRITE, CommandFlag.DENYOOM),
                List.of(), List.of(KeySpec.range(1, 0, 1, "OW", "UPDATE")), "module",
                "Sets a counter to a value.", this::set));
        ctx.infoSection(new InfoSection() {
            @Override
            public String name() {
                return "example";
            }

            @Override
            public void write(BiConsumer<String, Object> field) {
                field.accept("counter_increments", increments);
                field.accept("counter_step", step);
            }
        });
    }

    /** COUNTER.INCR key */
    void incr(CommandContext ctx, Arguments args) {
        byte[] key = args.get(1);
        Counter c = ctx.keyspace().get(key, TYPE);
        if (c == null) {
            c = new Counter(0, 0);
            ctx.keyspace().set(key, c);
        }
        c.value += step;
        c.bumps++;
        increments++;
        ctx.modified(key, KeyEvent.MODULE, "counter.incr");
        ctx.reply().integer(c.value);
    }

    /** COUNTER.GET key */
    void get(CommandContext ctx, Arguments args) {
        Counter c = ctx.keyspace().get(args.get(1), TYPE);
        if (c == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().integer(c.value);
        }
    }

    /** COUNTER.SET key value */
    void set(CommandContext ctx, Arguments args) {
        long value = args.longValue(2);
        ctx.keyspace().set(args.get(1), new Counter(value, 0));
        ctx.modified(args.get(1), KeyEvent.MODULE, "counter.set");
        ctx.reply().ok();
    }
}
