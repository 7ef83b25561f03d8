// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * lua_cjson's decoder: a tokenizer over the text as a C string (a NUL byte ends it), the same token positions in
 * error messages ("Expected value but found invalid token at character 1"), and the nesting limits.
 */
final class JsonDecoder {
    private static final int MAX_STACK = 8000;

    private enum TokenType {
        T_OBJ_BEGIN, T_OBJ_END, T_ARR_BEGIN, T_ARR_END, T_STRING, T_NUMBER, T_BOOLEAN, T_NULL, T_COLON, T_COMMA,
        T_END, T_WHITESPACE, T_ERROR, T_UNKNOWN
    }

    private static final class Token {
        TokenType type;
        int index;
        String error;
        LuaValue value;
    }

    private final CjsonConfig config;
    private final byte[] data;
    private int position;
    private int depth;
    private int stackUsed = 1;

    JsonDecoder(CjsonConfig config, byte[] data) {
        this.config = config;
        this.data = data;
    }

    LuaValue decode() {
        if (data.length >= 2 && (data[0] == 0 || data[1] == 0)) {
            throw new LuaError("JSON parser does not support UTF-16 or UTF-32");
        }
        Token token = new Token();
        nextToken(token);
        LuaValue value = processValue(token);
        nextToken(token);
        if (token.type != TokenType.T_END) {
            throw parseError("the end", token);
        }
        return value;
    }

    /** The byte at {@code index}, reading NUL past the end as the C string's terminator. */
    private int at(int index) {
        return index < data.length ? data[index] & 0xff : 0;
    }

    private static TokenType classify(int ch) {
        switch (ch) {
            case '{': return TokenType.T_OBJ_BEGIN;
            case '}': return TokenType.T_OBJ_END;
            case '[': return TokenType.T_ARR_BEGIN;
            case ']': return TokenType.T_ARR_END;
            case ',': return TokenType.T_COMMA;
            case ':': return TokenType.T_COLON;
            case 0: return TokenType.T_END;
            case ' ': case '\t': case '\n': case '\r': return TokenType.T_WHITESPACE;
            case 'f': case 'i': case 'I': case 'n': case 'N': case 't': case '"': case '+': case '-':
                return TokenType.T_UNKNOWN;
            default:
                return (ch >= '0' && ch <= '9') ? TokenType.T_UNKNOWN : TokenType.T_ERROR;
        }
    }

    private void setError(Token token, String message) {
        token.type = TokenType.T_ERROR;
        token.index = position;
        token.error = message;
    }

    private boolean startsWith(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (at(position + i) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void nextToken(Token token) {
        int ch;
        while (true) {
            ch = at(position);
            token.type = classify(ch);
            if (token.type != TokenType.T_WHITESPACE) {
                break;
            }
            position++;
        }
        token.index = position;
        if (token.type == TokenType.T_ERROR) {
            setError(token, "invalid token");
            return;
        }
        if (token.type == TokenType.T_END) {
            return;
        }
        if (token.type != TokenType.T_UNKNOWN) {
            position++;
            return;
        }
        if (ch == '"') {
            nextStringToken(token);
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            if (config.decodeInvalidNumbers == 0 && isInvalidNumber()) {
                setError(token, "invalid number");
                return;
            }
            nextNumberToken(token);
        } else if (startsWith("true")) {
            token.type = TokenType.T_BOOLEAN;
            token.value = LuaValue.TRUE;
            position += 4;
        } else if (startsWith("false")) {
            token.type = TokenType.T_BOOLEAN;
            token.value = LuaValue.FALSE;
            position += 5;
        } else if (startsWith("null")) {
            token.type = TokenType.T_NULL;
            position += 4;
        } else if (config.decodeInvalidNumbers != 0 && isInvalidNumber()) {
            nextNumberToken(token);
        } else {
            setError(token, "invalid token");
        }
    }

    /** json_is_invalid_number: what strtod accepts but strict JSON does not (+1, 0x10, 007, inf, nan). */
    private boolean isInvalidNumber() {
        int p = position;
        if (at(p) == '+') {
            return true;
        }
        if (at(p) == '-') {
            p++;
        }
        if (at(p) == '0') {
            int ch2 = at(p + 1);
            return (ch2 | 0x20) == 'x' || (ch2 >= '0' && ch2 <= '9');
        } else if (at(p) <= '9') {
            return false;
        }
        return matchesIgnoreCase(p, "inf") || matchesIgnoreCase(p, "nan");
    }

    private boolean matchesIgnoreCase(int p, String word) {
        for (int i = 0; i < word.length(); i++) {
            if ((at(p + i) | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void nextNumberToken(Token token) {
        token.type = TokenType.T_NUMBER;
        CNumbers.Parsed parsed = CNumbers.strtod(data, position, cStringEnd());
        if (parsed.end() == position) {
            setError(token, "invalid number");
            return;
        }
        token.value = LuaValue.valueOf(parsed.value());
        position = parsed.end();
    }

    private int cStringEnd() {
        int end = position;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return end;
    }

    private void nextStringToken(Token token) {
        position++;
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int ch;
        while ((ch = at(position)) != '"') {
            if (ch == 0) {
                setError(token, "unexpected end of string");
                return;
            }
            if (ch == '\\') {
                int escaped = unescape(at(position + 1));
                if (escaped == 'u') {
                    if (appendUnicodeEscape(text)) {
                        continue;
                    }
                    setError(token, "invalid unicode escape code");
                    return;
                }
                if (escaped == 0) {
                    setError(token, "invalid escape code");
                    return;
                }
                ch = escaped;
                position++;
            }
            text.write(ch);
            position++;
        }
        position++;
        token.type = TokenType.T_STRING;
        token.value = LuaValue.valueOf(text.toByteArray());
    }

    private static int unescape(int ch) {
        switch (ch) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 't': return '\t';
            case 'n': return '\n';
            case 'f': return '\f';
            case 'r': return '\r';
            case 'u': return 'u';
            default: return 0;
        }
    }

    private int hex4(int p) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(at(p + i), 16);
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /** \\uXXXX (and surrogate pairs) to UTF-8; false when the escape is malformed. */
    private boolean appendUnicodeEscape(ByteArrayOutputStream text) {
        int codepoint = hex4(position + 2);
        int escapeLength = 6;
        if (codepoint < 0) {
            return false;
        }
        if ((codepoint & 0xF800) == 0xD800) {
            if ((codepoint & 0x400) != 0) {
                return false;
            }
            if (at(position + 6) != '\\' || at(position + 7) != 'u') {
                return false;
            }
            int low = hex4(position + 8);
            if (low < 0 || (low & 0xFC00) != 0xDC00) {
                return false;
            }
            codepoint = (((codepoint & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
            escapeLength = 12;
        }
        if (codepoint <= 0x7F) {
            text.write(codepoint);
        } else if (codepoint <= 0x7FF) {
            text.write((codepoint >> 6) | 0xC0);
            text.write((codepoint & 0x3F) | 0x80);
        } else if (codepoint <= 0xFFFF) {
            text.write((codepoint >> 12) | 0xE0);
            text.write(((codepoint >> 6) & 0x3F) | 0x80);
            text.write((codepoint & 0x3F) | 0x80);
        } else {
            text.write((codepoint >> 18) | 0xF0);
            text.write(((codepoint >> 12) & 0x3F) | 0x80);
            text.write(((codepoint >> 6) & 0x3F) | 0x80);
            text.write((codepoint & 0x3F) | 0x80);
        }
        position += escapeLength;
        return true;
    }

    private LuaError parseError(String expected, Token token) {
        String found = token.type == TokenType.T_ERROR ? token.error : token.type.name();
        return new LuaError("Expected " + expected + " but found " + found + " at character " + (token.index + 1));
    }

    private void descend(int slots) {
        depth++;
        if (depth <= config.decodeMaxDepth && stackUsed + slots <= MAX_STACK) {
            return;
        }
        throw new LuaError("Found too many nested data structures (" + depth + ") at character " + position);
    }

    /** A table being filled: JSON nests up to thousands deep, so the parser keeps its own stack, not Java's. */
    private static final class Frame {
        final LuaTable table = new OrderedLuaTable();
        final boolean object;
        int index;
        LuaValue key;

        Frame(boolean object) {
            this.object = object;
        }
    }

    /** json_process_value and the object/array contexts, with an explicit stack of open tables. */
    private LuaValue processValue(Token token) {
        ArrayDeque<Frame> open = new ArrayDeque<>();
        while (true) {
            LuaValue value;
            switch (token.type) {
                case T_STRING:
                case T_NUMBER:
                case T_BOOLEAN:
                    value = token.value;
                    break;
                case T_NULL:
                    value = CjsonLib.NULL;
                    break;
                case T_OBJ_BEGIN:
                case T_ARR_BEGIN: {
                    boolean object = token.type == TokenType.T_OBJ_BEGIN;
                    descend(object ? 3 : 2);
                    Frame frame = new Frame(object);
                    stackUsed++;
                    nextToken(token);
                    if (token.type == (object ? TokenType.T_OBJ_END : TokenType.T_ARR_END)) {
                        value = ascend(frame);
                        break;
                    }
                    open.push(frame);
                    if (object) {
                        readKey(frame, token);
                    } else {
                        frame.index = 1;
                    }
                    continue;
                }
                default:
                    throw parseError("value", token);
            }
            // a value is complete: store it in the innermost open table, closing tables as their ends arrive
            while (true) {
                Frame frame = open.peek();
                if (frame == null) {
                    return value;
                }
                if (frame.object) {
                    stackUsed--;
                    frame.table.rawset(frame.key, value);
                } else {
                    frame.table.rawset(frame.index++, value);
                }
                nextToken(token);
                if (token.type == (frame.object ? TokenType.T_OBJ_END : TokenType.T_ARR_END)) {
                    open.pop();
                    value = ascend(frame);
                    continue;
                }
                if (token.type != TokenType.T_COMMA) {
                    throw parseError(frame.object ? "comma or object end" : "comma or array end", token);
                }
                nextToken(token);
                if (frame.object) {
                    readKey(frame, token);
                }
                break;
            }
        }
    }

    /** An object member's key and colon; leaves the token at the start of its value. */
    private void readKey(Frame frame, Token token) {
        if (token.type != TokenType.T_STRING) {
            throw parseError("object key string", token);
        }
        frame.key = token.value;
        nextToken(token);
        if (token.type != TokenType.T_COLON) {
            throw parseError("colon", token);
        }
        nextToken(token);
        stackUsed++;
    }

    private LuaValue ascend(Frame frame) {
        depth--;
        stackUsed--;
        return frame.table;
    }
}
