// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Helpers for lists of ACL rules as ACL SETUSER, the config file and the ACL file give them. */
final class Rules {
    private Rules() {
    }

    /**
     * Joins a selector spread over several arguments ({@code "(~a*"}, {@code "+get)"}) into one, with single
     * spaces, as Redis's {@code ACLMergeSelectorArguments}; null if a parenthesis stays open.
     */
    static List<byte[]> mergeSelectors(List<byte[]> ops) {
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream selector = null;
        for (byte[] op : ops) {
            if (op.length > 0 && op[0] == '(' && op[op.length - 1] != ')') {
                selector = new ByteArrayOutputStream();
                selector.writeBytes(op);
                continue;
            }
            if (selector != null) {
                selector.write(' ');
                selector.writeBytes(op);
                if (op.length > 0 && op[op.length - 1] == ')') {
                    out.add(selector.toByteArray());
                    selector = null;
                }
                continue;
            }
            out.add(op);
        }
        return selector == null ? out : null;
    }

    /** The index in {@code ops} of the argument that opens the selector left unclosed, or -1. */
    static int unclosedAt(List<byte[]> ops) {
        int open = -1;
        for (int i = 0; i < ops.size(); i++) {
            byte[] op = ops.get(i);
            if (op.length > 0 && op[0] == '(' && op[op.length - 1] != ')') {
                open = i;
            } else if (open >= 0 && op.length > 0 && op[op.length - 1] == ')') {
                open = -1;
            }
        }
        return open;
    }
}
