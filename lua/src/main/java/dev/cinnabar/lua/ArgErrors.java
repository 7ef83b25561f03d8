// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Library functions whose argument errors read as Lua 5.1's ({@code bad argument #2 to 'sub' (number
 * expected, got string)}): LuaJ says {@code bad argument: number expected, got string}, without the function
 * or, often, the argument's position. Each wrapped function rewrites the errors its arguments cause.
 */
final class ArgErrors {
    private static final Pattern INDEXED = Pattern.compile("^bad argument #(\\d+): (.*)$");
    private static final Pattern UNINDEXED = Pattern.compile("^bad argument: (\\w+) expected, got (\\w+)$");
    /** Functions whose own errors must pass untouched (they raise what the script gave them). */
    private static final Set<String> UNWRAPPED = Set.of("error", "pcall", "xpcall", "assert");

    private ArgErrors() {
    }

    /**
     * Wraps every function of {@code table} (a library, or the globals for the base functions).
     *
     * @param selfType the type of the first parameter of every function (string for the string library,
     *                 table for the table library), or null: a mismatch of another type is looked for after it
     */
    static void wrapAll(LuaTable table, String selfType) {
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = table.next(k);
            k = next.arg1();
            if (k.isnil()) {
                return;
            }
            LuaValue v = next.arg(2);
            if (v.isfunction() && k.isstring() && !UNWRAPPED.contains(k.tojstring())) {
                // string.char takes numbers only
                String self = k.tojstring().equals("char") ? null : selfType;
                table.rawset(k, wrap(k.tojstring(), v, self));
            }
        }
    }

    private static LuaValue wrap(String fnName, LuaValue f, String selfType) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                try {
                    return f.invoke(args);
                } catch (UnplacedError e) {
                    throw e;
                } catch (LuaError e) {
                    LuaValue obj = e.getMessageObject();
                    String rewritten = obj != null && obj.isstring()
                            ? rewrite(fnName, obj.tojstring(), args, selfType) : null;
                    if (rewritten == null) {
                        throw e;
                    }
                    throw new LuaError(rewritten);
                }
            }
        };
    }

    /** Lua 5.1's text for LuaJ's argument error {@code message}, or null when it is not one. */
    static String rewrite(String name, String message, Varargs args, String selfType) {
        Matcher m = INDEXED.matcher(message);
        if (m.matches()) {
            String what = m.group(2);
            if (what.equals("value")) {
                what = "value expected";
            } else if (what.endsWith("got nil") && Integer.parseInt(m.group(1)) > args.narg()) {
                what = what.substring(0, what.length() - 3) + "no value";
            }
            return "bad argument #" + m.group(1) + " to '" + name + "' (" + what + ")";
        }
        m = UNINDEXED.matcher(message);
        if (!m.matches()) {
            return null;
        }
        String expected = m.group(1).equals("double") || m.group(1).equals("int") ? "number" : m.group(1);
        int from = selfType != null && !selfType.equals(expected) ? 2 : 1;
        int index = firstMismatch(expected, args, from, m.group(2));
        String got = index > args.narg() ? "no value" : args.arg(index).typename();
        return "bad argument #" + index + " to '" + name + "' (" + expected + " expected, got " + got + ")";
    }

    /**
     * The position of the first argument from {@code from} that is not a {@code expected} (as Lua's checks
     * coerce) and is a {@code got}; past the last argument when none is.
     */
    private static int firstMismatch(String expected, Varargs args, int from, String got) {
        int n = args.narg();
        for (int i = from; i <= n; i++) {
            LuaValue v = args.arg(i);
            if (!v.typename().equals(got)) {
                continue;
            }
            boolean ok = switch (expected) {
                case "string" -> v.isstring();
                case "number" -> v.isnumber();
                case "table" -> v.istable();
                case "function" -> v.isfunction();
                default -> v.typename().equals(expected);
            };
            if (!ok) {
                return i;
            }
        }
        return n + 1;
    }
}
