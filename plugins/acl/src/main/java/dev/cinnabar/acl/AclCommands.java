// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** The ACL command and its subcommands. */
final class AclCommands {
    /** ACL GENPASS's upper bound in bits ({@code GENPASS_MAX_BITS}). */
    private static final long GENPASS_MAX_BITS = 4096;
    private static final RedisError NO_ACL_FILE = RedisError.err("This Redis instance is not configured to use an "
            + "ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE "
            + "(assuming you have a Redis configuration file set) in order to store users in the Redis configuration.");
    private static final List<String> HELP = List.of(
            "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CAT [<category>]",
            "    List all commands that belong to <category>, or all command categories",
            "    when no category is specified.",
            "DELUSER <username> [<username> ...]",
            "    Delete a list of users.",
            "DRYRUN <username> <command> [<arg> ...]",
            "    Returns whether the user can execute the given command without executing the command.",
            "GETUSER <username>",
            "    Get the user's details.",
            "GENPASS [<bits>]",
            "    Generate a secure 256-bit user password. The optional `bits` argument can",
            "    be used to specify a different size.",
            "LIST",
            "    Show users details in config file format.",
            "LOAD",
            "    Reload users from the ACL file.",
            "LOG [<count> | RESET]",
            "    Show the ACL log entries.",
            "SAVE",
            "    Save the current config to the ACL file.",
            "SETUSER <username> <attribute> [<attribute> ...]",
            "    Create or modify a user with the specified attributes.",
            "USERS",
            "    List all the registered usernames.",
            "WHOAMI",
            "    Return the current connection username.",
            "HELP",
            "    Prints this help.");

    private final Users users;
    private final Supplier<Path> aclFile;
    private final Supplier<String> aclFileName;
    private final SecureRandom random = new SecureRandom();

    AclCommands(Users users, Supplier<Path> aclFile, Supplier<String> aclFileName) {
        this.users = Objects.requireNonNull(users, "users is null");
        this.aclFile = Objects.requireNonNull(aclFile, "aclFile is null");
        this.aclFileName = Objects.requireNonNull(aclFileName, "aclFileName is null");
    }

    /** ACL SETUSER username [rule [rule ...]] */
    void setuser(CommandContext ctx, Arguments args) {
        for (int i = 2; i < args.size(); i++) {
            ctx.redactArgument(i);
        }
        String name = args.string(2);
        if (Users.hasSpaces(args.get(2))) {
            throw RedisError.err("Usernames can't contain spaces or null characters");
        }
        List<byte[]> ops = Arrays.asList(args.slice(3));
        List<byte[]> rules = Rules.mergeSelectors(ops);
        if (rules == null) {
            throw RedisError.err("Unmatched parenthesis in acl selector starting at '"
                    + Users.text(ops.get(Rules.unclosedAt(ops))) + "'.");
        }
        User existing = users.get(name);
        User staged = existing != null ? existing.copyAs(name, users.index()) : users.unlinked(name);
        for (byte[] rule : rules) {
            try {
                staged.apply(rule, users);
            } catch (RuleError.Refused e) {
                throw RedisError.err("Error in ACL SETUSER modifier '" + Users.text(rule) + "': "
                        + e.reason().message());
            }
        }
        if (existing != null) {
            PubSubRevocation.disconnectRevoked(users, staged, existing);
            existing.copyFrom(staged);
        } else {
            users.put(staged);
        }
        ctx.reply().ok();
    }

    /** ACL GETUSER username */
    void getuser(CommandContext ctx, Arguments args) {
        User u = users.get(args.string(2));
        ReplyWriter w = ctx.reply();
        if (u == null) {
            w.nullBulk();
            return;
        }
        w.map(6);
        w.bulk("flags");
        List<String> flags = u.flags();
        w.set(flags.size());
        flags.forEach(w::bulk);
        w.bulk("passwords");
        w.array(u.passwords.size());
        u.passwords.forEach(w::bulk);
        describeSelector(w, u.root());
        w.bulk("selectors");
        w.array(u.selectors.size() - 1);
        for (Selector s : u.selectors.subList(1, u.selectors.size())) {
            w.map(3);
            describeSelector(w, s);
        }
    }

    private void describeSelector(ReplyWriter w, Selector s) {
        w.bulk("commands");
        w.bulk(users.rules().describe(s));
        w.bulk("keys");
        List<String> keys = new ArrayList<>();
        if (s.allKeys) {
            keys.add("~*");
        } else {
            s.patterns.forEach(p -> keys.add(p.describe()));
        }
        w.bulk(String.join(" ", keys));
        w.bulk("channels");
        List<String> channels = new ArrayList<>();
        if (s.allChannels) {
            channels.add("&*");
        } else {
            s.channels.forEach(c -> channels.add("&" + Users.text(c)));
        }
        w.bulk(String.join(" ", channels));
    }

    /** ACL DELUSER username [username ...] */
    void deluser(CommandContext ctx, Arguments args) {
        for (int i = 2; i < args.size(); i++) {
            if (args.string(i).equals("default")) {
                throw RedisError.err("The 'default' user cannot be removed");
            }
        }
        long deleted = 0;
        for (int i = 2; i < args.size(); i++) {
            String name = args.string(i);
            if (users.remove(name) != null) {
                users.disconnectClientsOf(name);
                deleted++;
            }
        }
        ctx.reply().integer(deleted);
    }

    /** ACL LIST */
    void list(CommandContext ctx, Arguments args) {
        ReplyWriter w = ctx.reply();
        w.array(users.all().size());
        for (User u : users.all()) {
            w.bulk("user " + u.name + " " + u.describe(users.rules()));
        }
    }

    /** ACL USERS */
    void usernames(CommandContext ctx, Arguments args) {
        ReplyWriter w = ctx.reply();
        w.array(users.all().size());
        users.all().forEach(u -> w.bulk(u.name));
    }

    /** ACL WHOAMI */
    void whoami(CommandContext ctx, Arguments args) {
        ctx.reply().bulk(ctx.client().user());
    }

    /** ACL CAT [category] */
    void cat(CommandContext ctx, Arguments args) {
        ReplyWriter w = ctx.reply();
        if (args.size() > 3) {
            throw subcommandSyntax(args);
        }
        if (args.size() == 2) {
            w.array(Category.values().length);
            for (Category c : Category.values()) {
                w.bulk(c.displayName());
            }
            return;
        }
        Category category = Category.byName(args.string(2));
        if (category == null) {
            String name = args.string(2);
            throw RedisError.err("Unknown category '" + (name.length() > 128 ? name.substring(0, 128) : name) + "'");
        }
        CommandIndex index = users.index();
        List<String> names = new ArrayList<>();
        for (int id = 0; id < index.size(); id++) {
            if (index.inCategory(id, category)) {
                names.add(index.name(id));
            }
        }
        w.array(names.size());
        names.forEach(w::bulk);
    }

    /** ACL GENPASS [bits] */
    void genpass(CommandContext ctx, Arguments args) {
        if (args.size() > 3) {
            throw subcommandSyntax(args);
        }
        long bits = args.size() == 3 ? args.longValue(2) : 256;
        if (bits <= 0 || bits > GENPASS_MAX_BITS) {
            throw RedisError.err("ACL GENPASS argument must be the number of bits for the output password, a "
                    + "positive number up to " + GENPASS_MAX_BITS);
        }
        int chars = (int) ((bits + 3) / 4);
        byte[] raw = new byte[(chars + 1) / 2];
        random.nextBytes(raw);
        ctx.reply().bulk(HexFormat.of().formatHex(raw).substring(0, chars));
    }

    /** ACL LOG [count | RESET] */
    void log(CommandContext ctx, Arguments args) {
        if (args.size() > 3) {
            throw subcommandSyntax(args);
        }
        long count = 10;
        if (args.size() == 3) {
            if (args.is(2, "reset")) {
                users.log.reset();
                ctx.reply().ok();
                return;
            }
            count = Math.max(0, args.longValue(2));
        }
        List<AclLog.Entry> entries = users.log.newest(count);
        long now = System.currentTimeMillis();
        ReplyWriter w = ctx.reply();
        w.array(entries.size());
        for (AclLog.Entry e : entries) {
            w.map(7);
            w.bulk("count");
            w.integer(e.count);
            w.bulk("reason");
            w.bulk(e.reason.text);
            w.bulk("context");
            w.bulk(e.context.logName());
            w.bulk("object");
            w.bulk(e.object);
            w.bulk("username");
            w.bulk(e.username);
            w.bulk("age-seconds");
            w.doubleValue((double) (now - e.millis) / 1000);
            w.bulk("client-info");
            w.bulk(e.clientInfo);
        }
    }

    /** ACL DRYRUN username command [arg ...] */
    void dryrun(CommandContext ctx, Arguments args) {
        User u = users.get(args.string(2));
        if (u == null) {
            throw RedisError.err("User '" + args.string(2) + "' not found");
        }
        byte[][] argv = args.slice(3);
        Optional<CommandSpec> found = ctx.services().lookupCommand(argv);
        if (found.isEmpty()) {
            // a Redis command no family implements here (WAIT…): Redis's ACLs still know it
            found = factsOnly(args);
        }
        if (found.isEmpty()) {
            throw RedisError.err("Command '" + args.string(3) + "' not found");
        }
        CommandSpec spec = found.get();
        if ((spec.arity() > 0 && spec.arity() != argv.length) || argv.length < -spec.arity()) {
            throw Errors.wrongArity(spec.name());
        }
        Permissions.Denial d = Permissions.check(u, users.index(), spec, argv,
                () -> ctx.services().keyAccess(argv));
        if (d == null) {
            ctx.reply().ok();
            return;
        }
        ctx.reply().bulk(switch (d.reason()) {
            case KEY -> "This user has no permissions to access the '" + Users.text(argv[d.position()]) + "' key";
            case CHANNEL -> "This user has no permissions to access the '" + Users.text(argv[d.position()])
                    + "' channel";
            default -> "This user has no permissions to run the '" + spec.name() + "' command";
        });
    }

    private Optional<CommandSpec> factsOnly(Arguments args) {
        CommandIndex index = users.index();
        int id = index.id(args.string(3));
        if (id >= 0 && index.hasSubcommands(id) && args.size() > 4) {
            id = index.id(args.string(3) + "|" + args.string(4));
        }
        return id < 0 ? Optional.empty() : Optional.of(index.spec(id));
    }

    /** ACL LOAD */
    void load(CommandContext ctx, Arguments args) {
        Path file = aclFile.get();
        if (file == null) {
            throw NO_ACL_FILE;
        }
        Map<String, User> loaded;
        try {
            loaded = AclFile.load(file, aclFileName.get(), users);
        } catch (IllegalArgumentException e) {
            throw RedisError.err(e.getMessage());
        }
        users.replaceAll(loaded);
        ctx.reply().ok();
    }

    /** ACL SAVE */
    void save(CommandContext ctx, Arguments args) {
        Path file = aclFile.get();
        if (file == null) {
            throw NO_ACL_FILE;
        }
        try {
            AclFile.save(file, users);
        } catch (IOException e) {
            throw RedisError.err("There was an error trying to save the ACLs. Please check the server logs for "
                    + "more information");
        }
        ctx.reply().ok();
    }

    /** ACL HELP */
    void help(CommandContext ctx, Arguments args) {
        ReplyWriter w = ctx.reply();
        w.array(HELP.size());
        HELP.forEach(w::simple);
    }

    private static RedisError subcommandSyntax(Arguments args) {
        return RedisError.err("unknown subcommand or wrong number of arguments for '" + args.string(1)
                + "'. Try " + args.string(0).toUpperCase(Locale.ROOT) + " HELP.");
    }
}
