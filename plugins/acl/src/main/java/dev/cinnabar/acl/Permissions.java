// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.KeyAccess;

import java.util.List;
import java.util.function.Supplier;

/**
 * Whether a user may run a command line (Redis's {@code ACLCheckAllUserCommandPerm}): allowed if one selector
 * allows the command, every key with the access the command needs, and every channel. Otherwise the denial
 * to report is the command's if no selector got past it, else the last key or channel no selector matched.
 */
final class Permissions {
    /** A refusal: why, and the position in the command line of the key or channel at fault (0 for the command). */
    record Denial(AclLog.Reason reason, int position) {
    }

    private Permissions() {
    }

    static Denial check(User user, CommandIndex index, CommandSpec spec, byte[][] argv,
                        Supplier<List<KeyAccess>> keys) {
        int id = index.id(spec.name());
        boolean noAuth = spec.has(CommandFlag.NO_AUTH);
        Denial relevant = new Denial(AclLog.Reason.COMMAND, 0);
        List<KeyAccess> keyList = null;
        for (Selector s : user.selectors) {
            Denial d;
            boolean commandAllowed = id >= 0 ? s.allowsCommand(id, noAuth, argv) : (s.allCommands || noAuth);
            if (!commandAllowed) {
                d = new Denial(AclLog.Reason.COMMAND, 0);
            } else {
                if (!s.allKeys && keyList == null) {
                    keyList = keys.get();
                }
                d = s.allKeys ? null : checkKeys(s, argv, keyList);
                if (d == null) {
                    d = checkChannels(s, spec.name(), argv);
                }
            }
            if (d == null) {
                return null;
            }
            if (d.reason().ordinal() > relevant.reason().ordinal()
                    || (d.reason() == relevant.reason() && d.position() > relevant.position())) {
                relevant = d;
            }
        }
        return relevant;
    }

    /**
     * True if a selector that allows the whole command line also grants reads of every key ({@code allkeys},
     * {@code ~*} or {@code %R~*}), as Redis's {@code ACLUserCheckCmdWithUnrestrictedKeyAccess}.
     */
    static boolean anyKeyReadable(User user, CommandIndex index, CommandSpec spec, byte[][] argv,
                                  Supplier<List<KeyAccess>> keys) {
        for (Selector s : user.selectors) {
            User single = new User(user.name, index, false);
            single.selectors.set(0, s);
            if (check(single, index, spec, argv, keys) != null) {
                continue;
            }
            if (s.allKeys || s.patterns.stream().anyMatch(p -> p.read && p.pattern.length == 1 && p.pattern[0] == '*')) {
                return true;
            }
        }
        return false;
    }

    private static Denial checkKeys(Selector s, byte[][] argv, List<KeyAccess> keys) {
        for (KeyAccess k : keys) {
            if (!s.allowsKey(argv[k.position()], k.read(), k.write())) {
                return new Denial(AclLog.Reason.KEY, k.position());
            }
        }
        return null;
    }

    /** The channel arguments of PUBLISH, SPUBLISH, SUBSCRIBE, SSUBSCRIBE and PSUBSCRIBE (patterns, literally). */
    private static Denial checkChannels(Selector s, String command, byte[][] argv) {
        if (s.allChannels) {
            return null;
        }
        int last;
        boolean literal = false;
        switch (command) {
            case "publish", "spublish" -> last = Math.min(1, argv.length - 1);
            case "subscribe", "ssubscribe" -> last = argv.length - 1;
            case "psubscribe" -> {
                last = argv.length - 1;
                literal = true;
            }
            default -> {
                return null;
            }
        }
        for (int j = 1; j <= last; j++) {
            if (!s.allowsChannel(argv[j], literal)) {
                return new Denial(AclLog.Reason.CHANNEL, j);
            }
        }
        return null;
    }
}
