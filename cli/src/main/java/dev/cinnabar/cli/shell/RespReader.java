// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespProtocolException;
import dev.cinnabar.core.resp.RespValue;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Reads replies, RESP2 and RESP3, from a blocking stream into {@link RespValue}s. engine-core's
 * {@code RespDecoder} reads requests, not replies, so the shell has this small client-side reader.
 * RESP3 attributes ({@code |}) are read and dropped.
 */
public final class RespReader {
    private final InputStream in;

    public RespReader(InputStream in) {
        this.in = requireNonNull(in, "in is null");
    }

    /** The next complete reply. */
    public RespValue read() throws IOException {
        while (true) {
            String line = line();
            if (line.isEmpty()) {
                throw new RespProtocolException("empty reply line");
            }
            char type = line.charAt(0);
            String rest = line.substring(1);
            switch (type) {
                case '+':
                    return new RespValue.Simple(rest);
                case '-':
                    return new RespValue.Error(rest);
                case ':':
                    return new RespValue.Integer(Long.parseLong(rest));
                case '_':
                    return new RespValue.Null();
                case ',':
                    return new RespValue.Double(rest);
                case '#':
                    return new RespValue.Bool(rest.equals("t"));
                case '(':
                    return new RespValue.BigNumber(rest);
                case '$': {
                    byte[] body = bulk(Integer.parseInt(rest));
                    return body == null ? new RespValue.Null() : new RespValue.Bulk(body);
                }
                case '!': {
                    byte[] body = bulk(Integer.parseInt(rest));
                    return new RespValue.Error(new String(body, StandardCharsets.UTF_8));
                }
                case '=': {
                    String body = new String(bulk(Integer.parseInt(rest)), StandardCharsets.UTF_8);
                    return body.length() >= 4 && body.charAt(3) == ':'
                            ? new RespValue.Verbatim(body.substring(0, 3), body.substring(4))
                            : new RespValue.Verbatim("txt", body);
                }
                case '*', '~', '>': {
                    int n = Integer.parseInt(rest);
                    if (n < 0) {
                        return new RespValue.Null();
                    }
                    return new RespValue.Array(type, items(n));
                }
                case '%':
                    return new RespValue.Map(items(2 * Integer.parseInt(rest)));
                case '|':
                    items(2 * Integer.parseInt(rest));
                    continue;
                default:
                    throw new RespProtocolException("Protocol error, got \"" + type + "\" as reply type byte");
            }
        }
    }

    private List<RespValue> items(int n) throws IOException {
        List<RespValue> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(read());
        }
        return items;
    }

    private byte[] bulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("connection closed inside a bulk string");
        }
        return body;
    }

    private String line() throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b == '\n' && previous == '\r') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
    }
}
