// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns LuaJ's errors into Redis's texts. LuaJ marks the position of an error as {@code "@user_script:3 msg"}
 * where Lua 5.1 writes {@code "user_script:3: msg"}; Redis's error handler adds where the error was raised
 * ({@code " script: <name>, on @user_script:3."}).
 */
final class ScriptErrors {
    private static final Pattern POSITION = Pattern.compile("^@?(user_script|user_function):(\\d+) ");
    private static final Pattern WHERE = Pattern.compile("^@(?:user_script|user_function):\\d+$");
    /**
     * LuaJ keeps where an error was raised ({@code "@user_script:3"}) and the level given to {@code error}
     * in protected fields; Redis's error handler reports the first, Lua's {@code error} honours the second.
     */
    private static final java.lang.reflect.Field FILELINE = field("fileline");
    private static final java.lang.reflect.Field LEVEL = field("level");

    private static java.lang.reflect.Field field(String name) {
        try {
            java.lang.reflect.Field f = LuaError.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private ScriptErrors() {
    }

    private static final Pattern CALL = Pattern.compile("^attempt to call (nil|boolean|number|string|table|userdata|thread)$");
    private static final Pattern INDEX = Pattern.compile("^attempt to index \\? \\(a (\\w+) value\\)$");
    private static final Pattern INDEX_NIL = Pattern.compile("^index expected, got (\\w+)$");
    private static final Pattern ARITH = Pattern.compile("^attempt to perform arithmetic __\\w+ on (\\w+) and (\\w+)$");
    private static final Pattern LENGTH = Pattern.compile("^attempt to get length of (\\w+)$");
    private static final Pattern CONCAT = Pattern.compile("^attempt to concatenate (\\w+) and (\\w+)$");
    private static final Pattern COMPARE = Pattern.compile("^attempt to compare __l[te] on (\\w+) and (\\w+)$");

    /**
     * A message with LuaJ's position prefix rewritten as Lua 5.1 writes it, and LuaJ's wording of the
     * common runtime errors as Lua 5.1's (in its form without a variable name, which LuaJ cannot give).
     */
    static String normalize(String message) {
        Matcher m = POSITION.matcher(message);
        if (!m.find()) {
            return runtimeError(message);
        }
        return m.group(1) + ":" + m.group(2) + ": " + runtimeError(message.substring(m.end()));
    }

    private static String runtimeError(String text) {
        Matcher m;
        if ((m = CALL.matcher(text)).matches()) {
            return "attempt to call a " + m.group(1) + " value";
        }
        if ((m = INDEX.matcher(text)).matches() || (m = INDEX_NIL.matcher(text)).matches()) {
            return "attempt to index a " + m.group(1) + " value";
        }
        if ((m = ARITH.matcher(text)).matches()) {
            // Lua names the first operand that is not a number (or a string it could convert)
            return "attempt to perform arithmetic on a " + (m.group(1).equals("number") ? m.group(2) : m.group(1))
                    + " value";
        }
        if ((m = LENGTH.matcher(text)).matches()) {
            return "attempt to get length of a " + m.group(1) + " value";
        }
        if ((m = CONCAT.matcher(text)).matches()) {
            String first = m.group(1);
            boolean firstOk = first.equals("string") || first.equals("number");
            return "attempt to concatenate a " + (firstOk ? m.group(2) : first) + " value";
        }
        if ((m = COMPARE.matcher(text)).matches()) {
            return m.group(1).equals(m.group(2)) ? "attempt to compare two " + m.group(1) + " values"
                    : "attempt to compare " + m.group(1) + " with " + m.group(2);
        }
        return text;
    }

    /** What Lua's pcall returns for {@code e}: an error table's {@code err}, or the normalized message. */
    static LuaValue caught(LuaError e) {
        LuaValue value = value(e);
        if (value.istable()) {
            LuaValue err = value.get("err");
            return err.isstring() ? err : value;
        }
        return value;
    }

    /** The error value as Lua 5.1 raises it: a table as it is, a message with Lua 5.1's position. */
    static LuaValue value(LuaError e) {
        LuaValue obj = message(e);
        if (obj != null && obj.istable()) {
            return obj;
        }
        if (e instanceof UnplacedError u) {
            return LuaValue.valueOf(u.bare);
        }
        if (obj == null) {
            return LuaValue.NIL;
        }
        return obj.isstring() ? LuaValue.valueOf(normalize(obj.tojstring())) : obj;
    }

    /**
     * The error reply (without '-') for an error that ended a script or function, as Redis's
     * {@code luaCallFunction} builds it from its error handler's table.
     */
    static String reply(LuaError e, String name) {
        if (e instanceof UnplacedError.OutOfMemory) {
            return outOfMemory(name);
        }
        LuaValue obj = message(e);
        String msg;
        if (obj != null && obj.istable()) {
            LuaValue err = obj.rawget("err");
            msg = err.isstring() ? err.tojstring() : "ERR " + obj.tojstring();
        } else if (e instanceof UnplacedError u) {
            msg = "ERR " + u.bare;
        } else {
            msg = "ERR " + (obj == null ? "nil" : normalize(obj.tojstring()));
        }
        String where = where(e);
        StringBuilder line = new StringBuilder(msg);
        if (where != null) {
            line.append(" script: ").append(name).append(", on ").append(where).append('.');
        }
        return LuaReplies.oneLine(line.toString());
    }

    /**
     * The error value: {@code error(msg, 0)} and {@code error(msg, 2)} (at a script's top level, where the
     * caller is not Lua) carry no position in Lua 5.1, where LuaJ always adds the raising line.
     */
    private static LuaValue message(LuaError e) {
        LuaValue obj = e.getMessageObject();
        if (obj != null && obj.isstring() && !obj.isnumber() && level(e) != 1) {
            String text = obj.tojstring();
            Matcher m = POSITION.matcher(text);
            if (m.find()) {
                return LuaValue.valueOf(text.substring(m.end()));
            }
        }
        return obj;
    }

    private static int level(LuaError e) {
        try {
            return LEVEL == null ? 1 : LEVEL.getInt(e);
        } catch (IllegalAccessException ex) {
            return 1;
        }
    }

    /** {@code "@user_script:3"}: the chunk and line where the error was raised, if LuaJ recorded it. */
    private static String where(LuaError e) {
        try {
            Object fileline = FILELINE == null ? null : FILELINE.get(e);
            return fileline instanceof String f && WHERE.matcher(f).matches() ? f : null;
        } catch (IllegalAccessException ex) {
            return null;
        }
    }

    /**
     * Lua raises "not enough memory" without calling Redis's error handler, so Redis replies it in its
     * "Error running script" form.
     */
    static String outOfMemory(String name) {
        return "ERR Error running script " + name + ", not enough memory";
    }

    /** Redis's reply when Lua's stack overflows; LuaJ cannot say at which line. */
    static String stackOverflow(String chunk, String name) {
        return "ERR " + chunk + ":1: stack overflow script: " + name + ", on @" + chunk + ":1.";
    }
}
