// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.ConfigFlag;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.ConfigType;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ACLs as Redis 7.0 has them: users with passwords, command, key and channel rules and selectors; the ACL
 * command; the {@code aclfile}, {@code user}, {@code acllog-max-len} and {@code acl-pubsub-default} settings;
 * and the access control the engine asks before every command, AUTH and HELLO.
 */
public final class AclFamily implements CommandFamily {
    private volatile String aclFile = "";
    private dev.cinnabar.spi.EngineServices services;
    private boolean usersConfigured;
    private final java.util.Set<String> configuredNames = new java.util.HashSet<>();

    @Override
    public String name() {
        return "acl";
    }

    @Override
    public void register(FamilyContext ctx) {
        Users users = new Users(ctx.services());
        ctx.accessControl(new AclAccessControl(users));
        this.services = ctx.services();
        AclCommands acl = new AclCommands(users, this::aclPath, () -> aclFile);
        ctx.command("acl|setuser", acl::setuser);
        ctx.command("acl|getuser", acl::getuser);
        ctx.command("acl|deluser", acl::deluser);
        ctx.command("acl|list", acl::list);
        ctx.command("acl|users", acl::usernames);
        ctx.command("acl|whoami", acl::whoami);
        ctx.command("acl|cat", acl::cat);
        ctx.command("acl|genpass", acl::genpass);
        ctx.command("acl|log", acl::log);
        ctx.command("acl|dryrun", acl::dryrun);
        ctx.command("acl|load", acl::load);
        ctx.command("acl|save", acl::save);
        ctx.command("acl|help", acl::help);
        ctx.config(ConfigParam.ofInt("acllog-max-len", 128, 0, Long.MAX_VALUE,
                v -> users.logMaxLength = Long.parseLong(v)));
        ctx.config(ConfigParam.ofEnum("acl-pubsub-default", "resetchannels", List.of("allchannels", "resetchannels"),
                v -> users.pubsubAllChannels(v.equals("allchannels"))));
        ctx.config(ConfigParam.ofString("aclfile", "", v -> loadAclFile(users, v)).asImmutable());
        // "user" lines of the config file, joined by newlines; not a parameter CONFIG GET lists
        ctx.config(new ConfigParam("user", List.of(), ConfigType.STRING, "", List.of(), 0, 0, true,
                v -> loadConfiguredUsers(users, v), Set.of(ConfigFlag.HIDDEN), null));
    }

    /** {@code aclfile} at startup: the file's users replace the initial ones, or the server does not start. */
    private void loadAclFile(Users users, String file) {
        aclFile = file;
        if (file.isEmpty()) {
            return;
        }
        refuseBoth();
        if (!Path.of(file).isAbsolute()) {
            // relative to dir, which a later setting may still change: read once every setting is applied, and
            // if the file is wrong then, let nobody in rather than run with the initial users
            users.onFirstUse(() -> {
                try {
                    users.replaceAll(AclFile.load(aclPath(), file, users));
                } catch (IllegalArgumentException e) {
                    services.logger("acl").log(System.Logger.Level.ERROR,
                            "ACL file not loaded, every user is disabled: " + e.getMessage());
                    users.lockDown();
                }
            });
            return;
        }
        Map<String, User> loaded;
        try {
            loaded = AclFile.load(aclPath(), file, users);
        } catch (IllegalArgumentException e) {
            throw RedisError.err("Aborting startup because of ACL errors: " + e.getMessage());
        }
        users.replaceAll(loaded);
    }

    /**
     * {@code user <name> rules…} lines at startup (Redis's {@code ACLLoadConfiguredUsers}): each creates its user,
     * {@code default} starts again from {@code reset}; a bad rule stops the server from starting.
     */
    private void loadConfiguredUsers(Users users, String lines) {
        for (String line : lines.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            usersConfigured = true;
            refuseBoth();
            List<byte[]> words = Users.splitArgs(line.getBytes(StandardCharsets.UTF_8));
            String name = Users.text(words.get(0));
            if (Users.hasSpaces(words.get(0))) {
                throw RedisError.err("Spaces not allowed in ACL usernames");
            }
            List<byte[]> rules = Rules.mergeSelectors(words.subList(1, words.size()));
            if (rules == null) {
                throw RedisError.err("Unmatched parenthesis in acl selector definition of user '" + name + "'");
            }
            if (!configuredNames.add(name)) {
                throw RedisError.err(RuleError.DUPLICATE_USER.message());
            }
            User u = users.get(name);
            if (u == null) {
                u = users.unlinked(name);
                users.put(u);
            } else if (name.equals("default")) {
                u.apply("reset".getBytes(StandardCharsets.US_ASCII), users);
            } else {
                throw RedisError.err(RuleError.DUPLICATE_USER.message());
            }
            for (byte[] rule : rules) {
                try {
                    u.apply(rule, users);
                } catch (RuleError.Refused e) {
                    throw RedisError.err("Error loading ACL rule '" + Users.text(rule) + "' for the user named '"
                            + name + "': " + e.reason().message());
                }
            }
        }
    }

    /**
     * The ACL file, a relative path taken from {@code dir} as Redis, which works in {@code dir}, takes it; null
     * when no file is configured.
     */
    private Path aclPath() {
        if (aclFile.isEmpty()) {
            return null;
        }
        return Path.of(services.config("dir")).resolve(aclFile);
    }

    private void refuseBoth() {
        if (!aclFile.isEmpty() && usersConfigured) {
            throw RedisError.err("Configuring Redis with users defined in redis.conf and at the same setting an ACL "
                    + "file path is invalid. This setup is very likely to lead to configuration errors and security "
                    + "holes, please define either an ACL file or declare users directly in your redis.conf, but not "
                    + "both.");
        }
    }

}
