// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** An ACL user (Redis's {@code user}): flags, password hashes and selectors, the root one first. */
final class User {
    final String name;
    boolean enabled;
    boolean disabled = true;
    boolean nopass;
    boolean skipSanitizePayload;
    boolean sanitizePayload;
    final List<String> passwords = new ArrayList<>();
    final List<Selector> selectors = new ArrayList<>();

    User(String name, CommandIndex index, boolean allChannelsByDefault) {
        this.name = Objects.requireNonNull(name, "name is null");
        selectors.add(new Selector(index, true, allChannelsByDefault));
    }

    /** True if one selector allows every command, key and channel (the default user's usual rules). */
    boolean unrestricted() {
        for (Selector s : selectors) {
            if (s.allCommands && s.allKeys && s.allChannels) {
                return true;
            }
        }
        return false;
    }

    Selector root() {
        return selectors.get(0);
    }

    /** A copy of this user's rules under another name (Redis's {@code ACLCopyUser} onto a fresh user). */
    User copyAs(String newName, CommandIndex index) {
        User u = new User(newName, index, false);
        u.copyFrom(this);
        return u;
    }

    void copyFrom(User src) {
        enabled = src.enabled;
        disabled = src.disabled;
        nopass = src.nopass;
        skipSanitizePayload = src.skipSanitizePayload;
        sanitizePayload = src.sanitizePayload;
        passwords.clear();
        passwords.addAll(src.passwords);
        selectors.clear();
        for (Selector s : src.selectors) {
            selectors.add(s.copy());
        }
    }

    /** Applies one rule (Redis's {@code ACLSetUser}); throws {@link RuleError.Refused} when it cannot. */
    void apply(byte[] op, Users acl) {
        if (op.length == 0) {
            return;
        }
        String word = new String(op, StandardCharsets.ISO_8859_1);
        if (word.equalsIgnoreCase("on")) {
            enabled = true;
            disabled = false;
        } else if (word.equalsIgnoreCase("off")) {
            disabled = true;
            enabled = false;
        } else if (word.equalsIgnoreCase("skip-sanitize-payload")) {
            skipSanitizePayload = true;
            sanitizePayload = false;
        } else if (word.equalsIgnoreCase("sanitize-payload")) {
            skipSanitizePayload = false;
            sanitizePayload = true;
        } else if (word.equalsIgnoreCase("nopass")) {
            nopass = true;
            passwords.clear();
        } else if (word.equalsIgnoreCase("resetpass")) {
            nopass = false;
            passwords.clear();
        } else if (op[0] == '>' || op[0] == '#') {
            String hash = passwordHash(op);
            if (!passwords.contains(hash)) {
                passwords.add(hash);
            }
            nopass = false;
        } else if (op[0] == '<' || op[0] == '!') {
            if (!passwords.remove(passwordHash(op))) {
                throw RuleError.NO_SUCH_PASSWORD.refused();
            }
        } else if (op[0] == '(' && op[op.length - 1] == ')') {
            Selector s = new Selector(root().allowedIndex(), false, acl.pubsubAllChannels());
            for (byte[] rule : Users.splitArgs(Arrays.copyOfRange(op, 1, op.length - 1))) {
                s.apply(rule);
            }
            selectors.add(s);
        } else if (word.equalsIgnoreCase("clearselectors")) {
            selectors.subList(1, selectors.size()).clear();
        } else if (word.equalsIgnoreCase("reset")) {
            nopass = false;
            passwords.clear();
            root().apply(bytes("resetkeys"));
            root().apply(bytes("resetchannels"));
            if (acl.pubsubAllChannels()) {
                root().apply(bytes("allchannels"));
            }
            disabled = true;
            enabled = false;
            skipSanitizePayload = false;
            sanitizePayload = true;
            selectors.subList(1, selectors.size()).clear();
            root().apply(bytes("-@all"));
        } else {
            root().apply(op);
        }
    }

    private static String passwordHash(byte[] op) {
        byte[] rest = Arrays.copyOfRange(op, 1, op.length);
        if (op[0] == '>' || op[0] == '<') {
            return Passwords.hash(rest);
        }
        if (!Passwords.isValidHash(rest)) {
            throw RuleError.BAD_HASH.refused();
        }
        return new String(rest, StandardCharsets.US_ASCII);
    }

    /** The flags ACL GETUSER lists, in Redis's order. */
    List<String> flags() {
        List<String> out = new ArrayList<>();
        if (enabled) {
            out.add("on");
        }
        if (disabled) {
            out.add("off");
        }
        if (nopass) {
            out.add("nopass");
        }
        if (skipSanitizePayload) {
            out.add("skip-sanitize-payload");
        }
        if (sanitizePayload) {
            out.add("sanitize-payload");
        }
        return out;
    }

    /** The rules after {@code user <name>} in ACL LIST and the ACL file (Redis's {@code ACLDescribeUser}). */
    String describe(CommandRules rules) {
        StringBuilder sb = new StringBuilder();
        for (String flag : flags()) {
            sb.append(flag).append(' ');
        }
        for (String hash : passwords) {
            sb.append('#').append(hash).append(' ');
        }
        for (Selector s : selectors) {
            String d = describe(s, rules);
            if (s.root) {
                sb.append(d);
            } else {
                sb.append(" (").append(d).append(')');
            }
        }
        return sb.toString();
    }

    static String describe(Selector s, CommandRules rules) {
        StringBuilder sb = new StringBuilder();
        if (s.allKeys) {
            sb.append("~* ");
        } else {
            for (KeyPattern p : s.patterns) {
                sb.append(p.describe()).append(' ');
            }
        }
        if (s.allChannels) {
            sb.append("&* ");
        } else {
            sb.append("resetchannels ");
            for (byte[] c : s.channels) {
                sb.append('&').append(Users.text(c)).append(' ');
            }
        }
        return sb.append(rules.describe(s)).toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
