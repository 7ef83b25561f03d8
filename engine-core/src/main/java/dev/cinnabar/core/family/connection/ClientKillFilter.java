// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.connection;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.spi.AccessControl;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RedisError;

/**
 * Which clients CLIENT KILL closes: {@code CLIENT KILL ip:port} (which may kill the caller), or the
 * filter form {@code CLIENT KILL [ID id] [TYPE type] [USER name] [ADDR ip:port] [LADDR ip:port]
 * [SKIPME yes|no]} where every given filter must match. Null fields match everything.
 */
record ClientKillFilter(boolean oldForm, String addr, String laddr, String user, ClientType type, long id,
                        boolean skipMe) {
    private static final RedisError BAD_ID = RedisError.err("client-id should be greater than 0");

    /** Parses the arguments after {@code CLIENT KILL}; raises Redis's error for the first bad option. */
    static ClientKillFilter parse(Arguments args, AccessControl access) {
        if (args.size() == 3) {
            return new ClientKillFilter(true, args.string(2), null, null, null, 0, false);
        }
        String addr = null;
        String laddr = null;
        String user = null;
        ClientType type = null;
        long id = 0;
        boolean skipMe = true;
        for (int i = 2; i < args.size(); i += 2) {
            boolean more = i + 1 < args.size();
            if (!more) {
                throw Errors.SYNTAX;
            }
            if (args.is(i, "id")) {
                id = Numbers.parseLong(args.get(i + 1), BAD_ID);
                if (id < 1) {
                    throw BAD_ID;
                }
            } else if (args.is(i, "type")) {
                type = ClientType.parse(args.string(i + 1));
            } else if (args.is(i, "addr")) {
                addr = args.string(i + 1);
            } else if (args.is(i, "laddr")) {
                laddr = args.string(i + 1);
            } else if (args.is(i, "user")) {
                user = args.string(i + 1);
                if (!access.userExists(user)) {
                    throw RedisError.err("No such user '" + user + "'");
                }
            } else if (args.is(i, "skipme")) {
                if (args.is(i + 1, "yes")) {
                    skipMe = true;
                } else if (args.is(i + 1, "no")) {
                    skipMe = false;
                } else {
                    throw Errors.SYNTAX;
                }
            } else {
                throw Errors.SYNTAX;
            }
        }
        return new ClientKillFilter(false, addr, laddr, user, type, id, skipMe);
    }

    boolean matches(Client c, Client caller) {
        return (addr == null || addr.equals(c.addr))
                && (laddr == null || laddr.equals(c.laddr))
                && (type == null || type == ClientType.of(c))
                && (id == 0 || id == c.id())
                && (user == null || user.equals(c.user))
                && !(skipMe && c == caller);
    }
}
