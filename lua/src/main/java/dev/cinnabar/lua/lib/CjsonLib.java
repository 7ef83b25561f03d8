// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code cjson} library scripts see: JSON encode and decode, as Redis's lua_cjson 2.1.0 (with fpconv and
 * Redis's decode depth limit), plus the configuration functions and {@code cjson.new()}.
 * Load with {@code globals.load(new CjsonLib())}.
 */
public final class CjsonLib extends TwoArgFunction {
    /**
     * {@code cjson.null}: what JSON null decodes to. In C Lua it is a NULL light userdata; scripts see a userdata
     * that prints as "userdata: (nil)", and a script returning it gets a nil reply.
     */
    public static final LuaValue NULL = new LuaUserdata(new Object()) {
        @Override
        public String tojstring() {
            return "userdata: (nil)";
        }
    };

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable library = newModule();
        env.set("cjson", library);
        return library;
    }

    /** lua_cjson_new: a module table whose functions share one fresh configuration. */
    static LuaTable newModule() {
        CjsonConfig config = new CjsonConfig();
        LuaTable library = new LuaTable();
        for (Operation operation : Operation.values()) {
            library.set(operation.luaName, new CjsonFunction(operation, config));
        }
        library.set("null", NULL);
        library.set("_NAME", "cjson");
        library.set("_VERSION", "2.1.0");
        return library;
    }

    private enum Operation {
        ENCODE("encode"), DECODE("decode"), ENCODE_SPARSE_ARRAY("encode_sparse_array"),
        ENCODE_MAX_DEPTH("encode_max_depth"), DECODE_MAX_DEPTH("decode_max_depth"),
        ENCODE_NUMBER_PRECISION("encode_number_precision"), ENCODE_KEEP_BUFFER("encode_keep_buffer"),
        ENCODE_INVALID_NUMBERS("encode_invalid_numbers"), DECODE_INVALID_NUMBERS("decode_invalid_numbers"),
        NEW("new");

        final String luaName;

        Operation(String luaName) {
            this.luaName = luaName;
        }
    }

    private static final class CjsonFunction extends VarArgFunction {
        private static final String[] BOOLEAN_OPTIONS = {"off", "on"};
        private static final String[] INVALID_NUMBER_OPTIONS = {"off", "on", "null"};

        private final Operation operation;
        private final CjsonConfig config;

        CjsonFunction(Operation operation, CjsonConfig config) {
            this.operation = operation;
            this.config = config;
            this.name = operation.luaName;
        }

        @Override
        public Varargs invoke(Varargs args) {
            switch (operation) {
                case ENCODE:
                    requireOneArgument(args);
                    return LuaValue.valueOf(new JsonEncoder(config).encode(args.arg1()));
                case DECODE:
                    requireOneArgument(args);
                    return new JsonDecoder(config, LuaArgs.bytes(LuaArgs.checkString(args, 1, name))).decode();
                case ENCODE_SPARSE_ARRAY: {
                    checkArgumentCount(args, 3);
                    config.encodeSparseConvert = enumSetting(args, 1, config.encodeSparseConvert, BOOLEAN_OPTIONS);
                    config.encodeSparseRatio = integerOption(args, 2, config.encodeSparseRatio, 0, Integer.MAX_VALUE);
                    config.encodeSparseSafe = integerOption(args, 3, config.encodeSparseSafe, 0, Integer.MAX_VALUE);
                    return LuaValue.varargsOf(new LuaValue[] {
                        enumValue(config.encodeSparseConvert, BOOLEAN_OPTIONS),
                        LuaValue.valueOf(config.encodeSparseRatio), LuaValue.valueOf(config.encodeSparseSafe)});
                }
                case ENCODE_MAX_DEPTH:
                    checkArgumentCount(args, 1);
                    config.encodeMaxDepth = integerOption(args, 1, config.encodeMaxDepth, 1, Integer.MAX_VALUE);
                    return LuaValue.valueOf(config.encodeMaxDepth);
                case DECODE_MAX_DEPTH:
                    checkArgumentCount(args, 1);
                    config.decodeMaxDepth = integerOption(args, 1, config.decodeMaxDepth, 1, Integer.MAX_VALUE);
                    return LuaValue.valueOf(config.decodeMaxDepth);
                case ENCODE_NUMBER_PRECISION:
                    checkArgumentCount(args, 1);
                    config.encodeNumberPrecision = integerOption(args, 1, config.encodeNumberPrecision, 1, 14);
                    return LuaValue.valueOf(config.encodeNumberPrecision);
                case ENCODE_KEEP_BUFFER:
                    checkArgumentCount(args, 1);
                    config.encodeKeepBuffer = enumSetting(args, 1, config.encodeKeepBuffer, BOOLEAN_OPTIONS);
                    return enumValue(config.encodeKeepBuffer, BOOLEAN_OPTIONS);
                case ENCODE_INVALID_NUMBERS:
                    checkArgumentCount(args, 1);
                    config.encodeInvalidNumbers =
                        enumSetting(args, 1, config.encodeInvalidNumbers, INVALID_NUMBER_OPTIONS);
                    return enumValue(config.encodeInvalidNumbers, INVALID_NUMBER_OPTIONS);
                case DECODE_INVALID_NUMBERS:
                    checkArgumentCount(args, 1);
                    config.decodeInvalidNumbers = enumSetting(args, 1, config.decodeInvalidNumbers, BOOLEAN_OPTIONS);
                    return enumValue(config.decodeInvalidNumbers, BOOLEAN_OPTIONS);
                case NEW:
                    return newModule();
                default:
                    throw new IllegalStateException(operation.name());
            }
        }

        private void requireOneArgument(Varargs args) {
            if (args.narg() != 1) {
                throw LuaArgs.argError(1, name, "expected 1 argument");
            }
        }

        /** json_arg_init: at most {@code count} arguments. */
        private void checkArgumentCount(Varargs args, int count) {
            if (args.narg() > count) {
                throw LuaArgs.argError(count + 1, name, "found too many arguments");
            }
        }

        /** json_integer_option: a bound check that, like the original, always blames argument 1. */
        private int integerOption(Varargs args, int index, int current, int min, int max) {
            if (args.arg(index).isnil()) {
                return current;
            }
            int value = LuaArgs.checkInt(args, index, name);
            if (value < min || value > max) {
                throw LuaArgs.argError(1, name, "expected integer between " + min + " and " + max);
            }
            return value;
        }

        /** json_enum_option's setting: a boolean (true is 1), or one of the option names (luaL_checkoption). */
        private int enumSetting(Varargs args, int index, int current, String[] options) {
            LuaValue value = args.arg(index);
            if (value.isnil()) {
                return current;
            }
            if (value.type() == LuaValue.TBOOLEAN) {
                return value.toboolean() ? 1 : 0;
            }
            String option = LuaArgs.checkString(args, index, name).tojstring();
            for (int i = 0; i < options.length; i++) {
                if (options[i].equals(option)) {
                    return i;
                }
            }
            throw LuaArgs.argError(index, name, "invalid option '" + option + "'");
        }

        /** json_enum_option's result: a boolean for off/on, the option name otherwise. */
        private static LuaValue enumValue(int setting, String[] options) {
            return setting <= 1 ? LuaValue.valueOf(setting == 1) : LuaValue.valueOf(options[setting]);
        }
    }
}
