// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import dev.cinnabar.spi.AccessContext;
import dev.cinnabar.spi.AccessControl;
import dev.cinnabar.spi.AccessRequest;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The engine's access control when the ACL plugin is loaded: users, their rules, the ACL log. */
final class AclAccessControl implements AccessControl {
    static final RedisError WRONGPASS = new RedisError(ErrorCode.WRONGPASS,
            "invalid username-password pair or user is disabled.");
    private static final RedisError NOPERM_KEY = new RedisError(ErrorCode.NOPERM,
            "this user has no permissions to access one of the keys used as arguments");
    private static final RedisError NOPERM_CHANNEL = new RedisError(ErrorCode.NOPERM,
            "this user has no permissions to access one of the channels used as arguments");
    private static final RedisError SCRIPT_COMMAND = RedisError.err(
            "The user executing the script can't run this command or subcommand");
    private static final RedisError SCRIPT_KEY = RedisError.err(
            "The user executing the script can't access at least one of the keys mentioned in the command arguments");
    private static final RedisError SCRIPT_CHANNEL = RedisError.err(
            "The user executing the script can't publish to the channel mentioned in the command");

    private final Users users;

    AclAccessControl(Users users) {
        this.users = Objects.requireNonNull(users, "users is null");
    }

    @Override
    public String authenticate(String user, byte[] password) {
        User u = users.get(user);
        if (u == null || u.disabled || !(u.nopass || Passwords.matches(password, u.passwords))) {
            throw WRONGPASS;
        }
        return user;
    }

    @Override
    public String authenticate(AccessRequest request, String user, byte[] password) {
        try {
            return authenticate(user, password);
        } catch (RedisError e) {
            log(AclLog.Reason.AUTH, request.context(), request.args().get(0), user, request.clientInfo());
            throw e;
        }
    }

    @Override
    public boolean userExists(String user) {
        return users.get(user) != null;
    }

    @Override
    public boolean authRequired() {
        User d = users.defaultUser();
        return !d.nopass || d.disabled;
    }

    @Override
    public boolean defaultUserNoPass() {
        return users.defaultUser().nopass;
    }

    @Override
    public void requirePassChanged(String password) {
        users.requirePass(password);
    }

    @Override
    public void check(String user, CommandSpec spec, Arguments args) {
        throw new UnsupportedOperationException("the ACL plugin checks access requests");
    }

    @Override
    public void check(AccessRequest request) {
        Permissions.Denial denial = deny(request);
        if (denial == null) {
            return;
        }
        if (request.context() == AccessContext.LUA) {
            throw switch (denial.reason()) {
                case KEY -> SCRIPT_KEY;
                case CHANNEL -> SCRIPT_CHANNEL;
                default -> SCRIPT_COMMAND;
            };
        }
        throw switch (denial.reason()) {
            case KEY -> NOPERM_KEY;
            case CHANNEL -> NOPERM_CHANNEL;
            default -> new RedisError(ErrorCode.NOPERM,
                    "this user has no permissions to run the '" + request.spec().name() + "' command");
        };
    }

    @Override
    public String recheck(AccessRequest request) {
        Permissions.Denial denial = deny(request);
        if (denial == null) {
            return null;
        }
        return switch (denial.reason()) {
            case KEY -> "no permission to touch the specified keys";
            case CHANNEL -> "no permission to access one of the channels used as arguments";
            default -> "no permission to execute the command or subcommand";
        };
    }

    @Override
    public boolean unrestrictedKeyRead(AccessRequest request) {
        User user = users.get(request.client().user());
        if (user == null) {
            user = users.defaultUser();
        }
        return Permissions.anyKeyReadable(user, users.index(), request.spec(), argv(request.args()), request::keys);
    }

    @Override
    public boolean allows(AccessRequest request) {
        User user = users.get(request.client().user());
        if (user == null) {
            user = users.defaultUser();
        }
        return Permissions.check(user, users.index(), request.spec(), argv(request.args()), request::keys) == null;
    }

    /** Checks the request and logs a denial; null when allowed. */
    private Permissions.Denial deny(AccessRequest request) {
        User user = users.get(request.client().user());
        if (user == null) {
            user = users.defaultUser();
        }
        if (user.unrestricted()) {
            return null;
        }
        byte[][] argv = argv(request.args());
        Permissions.Denial denial = Permissions.check(user, users.index(), request.spec(), argv, request::keys);
        if (denial != null) {
            byte[] object = denial.reason() == AclLog.Reason.COMMAND
                    ? request.spec().name().getBytes(StandardCharsets.UTF_8) : argv[denial.position()];
            log(denial.reason(), request.context(), object, user.name, request.clientInfo());
        }
        return denial;
    }

    private void log(AclLog.Reason reason, AccessContext context, byte[] object, String user, String clientInfo) {
        users.log.add(new AclLog.Entry(reason, context, object, user, System.currentTimeMillis(), clientInfo),
                users.logMaxLength);
    }

    static byte[][] argv(Arguments args) {
        byte[][] argv = new byte[args.size()][];
        for (int i = 0; i < argv.length; i++) {
            argv[i] = args.get(i);
        }
        return argv;
    }
}
