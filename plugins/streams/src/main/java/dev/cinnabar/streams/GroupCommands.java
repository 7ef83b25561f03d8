// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.FamilyContext;

/** Registers the consumer-group commands and XINFO. */
final class GroupCommands {
    private GroupCommands() {
    }

    static void register(FamilyContext ctx) {
        ctx.command("xgroup|create", XGroupCommand::create);
        ctx.command("xgroup|setid", XGroupCommand::setid);
        ctx.command("xgroup|destroy", XGroupCommand::destroy);
        ctx.command("xgroup|createconsumer", XGroupCommand::createConsumer);
        ctx.command("xgroup|delconsumer", XGroupCommand::delConsumer);
        ctx.command("xgroup|help", XGroupCommand::help);
        ctx.command("xreadgroup", XReadGroupCommand::xreadgroup);
        ctx.command("xack", PendingCommands::xack);
        ctx.command("xpending", PendingCommands::xpending);
        ctx.command("xclaim", ClaimCommands::xclaim);
        ctx.command("xautoclaim", ClaimCommands::xautoclaim);
        ctx.command("xinfo|stream", XInfoCommand::stream);
        ctx.command("xinfo|groups", XInfoCommand::groups);
        ctx.command("xinfo|consumers", XInfoCommand::consumers);
        ctx.command("xinfo|help", XInfoCommand::help);
    }
}
