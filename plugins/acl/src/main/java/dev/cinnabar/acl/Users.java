// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import dev.cinnabar.spi.ClientView;
import dev.cinnabar.spi.EngineServices;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The ACL state: users by name (in name order, as Redis's radix tree lists them), the default user, the log and
 * the settings that shape new users. Created empty; the users appear on first use, once every family has
 * registered its commands, so that categories and {@code +@all} cover plugin commands too. Engine thread.
 */
final class Users {
    private final EngineServices services;
    private volatile CommandIndex index;
    private CommandRules rules;
    private final Map<String, User> users = new TreeMap<>();
    private User defaultUser;
    private String pendingRequirePass;
    private Runnable startupLoad;
    final AclLog log = new AclLog();
    private boolean pubsubAllChannels;
    long logMaxLength = 128;

    Users(EngineServices services) {
        this.services = Objects.requireNonNull(services, "services is null");
    }

    /** Builds the command index and the default user the first time anything needs them. */
    void ensure() {
        if (index != null) {
            return;
        }
        synchronized (this) {
            if (index != null) {
                return;
            }
            CommandIndex built = new CommandIndex(services.commands());
            rules = new CommandRules(built);
            defaultUser = newDefaultUser(built);
            users.put("default", defaultUser);
            index = built;
            if (pendingRequirePass != null) {
                requirePass(pendingRequirePass);
            }
            if (startupLoad != null) {
                startupLoad.run();
                startupLoad = null;
            }
        }
    }

    /** Work for the first use, once every setting is applied (an ACL file given by a path relative to {@code dir}). */
    void onFirstUse(Runnable load) {
        startupLoad = load;
    }

    /** Nobody gets in: the default user is off without passwords and no other user exists (a failed ACL file). */
    void lockDown() {
        users.clear();
        users.put("default", defaultUser);
        defaultUser.apply("reset".getBytes(StandardCharsets.US_ASCII), this);
    }

    private User newDefaultUser(CommandIndex idx) {
        User u = new User("default", idx, pubsubAllChannels);
        for (String rule : List.of("+@all", "~*", "&*", "on", "nopass")) {
            u.apply(rule.getBytes(StandardCharsets.US_ASCII), this);
        }
        return u;
    }

    CommandIndex index() {
        ensure();
        return index;
    }

    CommandRules rules() {
        ensure();
        return rules;
    }

    User defaultUser() {
        ensure();
        return defaultUser;
    }

    User get(String name) {
        ensure();
        return users.get(name);
    }

    Collection<User> all() {
        ensure();
        return users.values();
    }

    /** A new user with no rules yet, not registered. */
    User unlinked(String name) {
        return new User(name, index(), pubsubAllChannels);
    }

    void put(User user) {
        ensure();
        users.put(user.name, user);
    }

    User remove(String name) {
        ensure();
        return users.remove(name);
    }

    /**
     * Replaces every user with {@code loaded} (ACL LOAD): the default user object stays and takes the loaded
     * rules (a fresh default user's if none was loaded); clients of every other old user are disconnected.
     */
    void replaceAll(Map<String, User> loaded) {
        ensure();
        User newDefault = loaded.remove("default");
        if (newDefault == null) {
            newDefault = newDefaultUser(index);
        }
        List<String> oldNames = new ArrayList<>(users.keySet());
        oldNames.remove("default");
        defaultUser.copyFrom(newDefault);
        users.clear();
        users.put("default", defaultUser);
        users.putAll(loaded);
        for (String name : oldNames) {
            disconnectClientsOf(name);
        }
    }

    List<ClientView> servicesClients() {
        return services.clients();
    }

    void disconnectClientsOf(String name) {
        for (ClientView c : services.clients()) {
            if (c.user().equals(name)) {
                c.disconnect();
            }
        }
    }

    boolean pubsubAllChannels() {
        return pubsubAllChannels;
    }

    void pubsubAllChannels(boolean all) {
        pubsubAllChannels = all;
    }

    /** {@code requirepass}: the default user's only password, or nopass when empty (ACLUpdateDefaultUserPassword). */
    void requirePass(String password) {
        if (index == null) {
            pendingRequirePass = password;
            return;
        }
        defaultUser.apply("resetpass".getBytes(StandardCharsets.US_ASCII), this);
        if (password.isEmpty()) {
            defaultUser.apply("nopass".getBytes(StandardCharsets.US_ASCII), this);
        } else {
            byte[] pass = password.getBytes(StandardCharsets.UTF_8);
            byte[] op = new byte[pass.length + 1];
            op[0] = '>';
            System.arraycopy(pass, 0, op, 1, pass.length);
            defaultUser.apply(op, this);
        }
    }

    /** True if the string has a space or a NUL (Redis's {@code ACLStringHasSpaces}: {@code isspace} or 0). */
    static boolean hasSpaces(byte[] s) {
        for (byte b : s) {
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f' || b == 0) {
                return true;
            }
        }
        return false;
    }

    static boolean hasSpaces(String s) {
        return hasSpaces(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Splits a selector's {@code (…)} body into rules at blanks, honouring double and single quotes. */
    static List<byte[]> splitArgs(byte[] body) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i < body.length) {
            while (i < body.length && isBlank(body[i])) {
                i++;
            }
            if (i >= body.length) {
                break;
            }
            java.io.ByteArrayOutputStream word = new java.io.ByteArrayOutputStream();
            byte quote = 0;
            while (i < body.length && (quote != 0 || !isBlank(body[i]))) {
                byte b = body[i++];
                if (quote == 0 && (b == '"' || b == '\'')) {
                    quote = b;
                } else if (quote != 0 && b == quote) {
                    quote = 0;
                } else {
                    word.write(b);
                }
            }
            out.add(word.toByteArray());
        }
        return out;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
