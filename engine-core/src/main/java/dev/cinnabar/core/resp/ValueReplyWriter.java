// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.resp;

import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.ReplyWriter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Builds {@link RespValue}s from a streamed reply, degrading RESP3 types for protocol 2 as the wire would. */
public final class ValueReplyWriter implements ReplyWriter {
    private record Open(char kind, int expected, List<RespValue> items) {
    }

    /** Read at each reply element: HELLO switches its own reply's protocol, as on the wire. */
    private final java.util.function.IntSupplier protocol;
    private final Deque<Open> open = new ArrayDeque<>();
    private final List<RespValue> completed = new ArrayList<>();

    public ValueReplyWriter(int protocol) {
        this(() -> protocol);
    }

    /** A writer for a client whose protocol may change while it replies ({@code HELLO 3}). */
    public ValueReplyWriter(java.util.function.IntSupplier protocol) {
        this.protocol = java.util.Objects.requireNonNull(protocol, "protocol is null");
    }

    /** Replies completed so far, in order; clears them. */
    public List<RespValue> take() {
        List<RespValue> out = new ArrayList<>(completed);
        completed.clear();
        return out;
    }

    @Override
    public int protocol() {
        return protocol.getAsInt();
    }

    private void add(RespValue v) {
        while (true) {
            Open top = open.peek();
            if (top == null) {
                completed.add(v);
                return;
            }
            top.items.add(v);
            if (top.items.size() < top.expected) {
                return;
            }
            open.pop();
            v = top.kind == '%' ? new RespValue.Map(top.items) : new RespValue.Array(top.kind, top.items);
        }
    }

    private void aggregate(char kind, int elements) {
        if (elements == 0) {
            add(kind == '%' ? new RespValue.Map(List.of()) : new RespValue.Array(kind, List.of()));
        } else {
            open.push(new Open(kind, elements, new ArrayList<>(elements)));
        }
    }

    @Override
    public void simple(String status) {
        add(new RespValue.Simple(status));
    }

    @Override
    public void ok() {
        simple("OK");
    }

    @Override
    public void error(String line) {
        add(new RespValue.Error(line));
    }

    @Override
    public void integer(long value) {
        add(new RespValue.Integer(value));
    }

    @Override
    public void bulk(byte[] value) {
        add(new RespValue.Bulk(value));
    }

    @Override
    public void nullBulk() {
        add(new RespValue.Null());
    }

    @Override
    public void nullArray() {
        add(new RespValue.Null());
    }

    @Override
    public void array(int length) {
        aggregate('*', length);
    }

    @Override
    public void map(int length) {
        if (protocol() == 3) {
            aggregate('%', length * 2);
        } else {
            aggregate('*', length * 2);
        }
    }

    @Override
    public void set(int length) {
        aggregate(protocol() == 3 ? '~' : '*', length);
    }

    @Override
    public void push(int length) {
        aggregate(protocol() == 3 ? '>' : '*', length);
    }

    @Override
    public void doubleValue(double value) {
        String text = Numbers.formatG17(value);
        add(protocol() == 3 ? new RespValue.Double(text) : new RespValue.Bulk(text.getBytes()));
    }

    @Override
    public void doubleText(String text) {
        add(protocol() == 3 ? new RespValue.Double(text) : new RespValue.Bulk(text.getBytes()));
    }

    @Override
    public void bool(boolean value) {
        add(protocol() == 3 ? new RespValue.Bool(value) : new RespValue.Integer(value ? 1 : 0));
    }

    @Override
    public void verbatim(String format, String text) {
        add(protocol() == 3 ? new RespValue.Verbatim(format, text) : new RespValue.Bulk(text.getBytes()));
    }

    @Override
    public void bigNumber(String digits) {
        add(protocol() == 3 ? new RespValue.BigNumber(digits) : new RespValue.Bulk(digits.getBytes()));
    }
}
