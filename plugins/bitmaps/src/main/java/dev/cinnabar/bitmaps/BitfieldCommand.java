// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.bitmaps;

import dev.cinnabar.bitmaps.BitArguments.FieldType;
import dev.cinnabar.bitmaps.Bitfield.Overflow;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.List;

/** BITFIELD and BITFIELD_RO, as Redis 7.0's {@code bitfieldGeneric}. */
final class BitfieldCommand {
    private static final RedisError BAD_OVERFLOW = RedisError.err("Invalid OVERFLOW type specified");
    private static final RedisError RO_GET_ONLY = RedisError.err("BITFIELD_RO only supports the GET subcommand");

    private enum Opcode { GET, SET, INCRBY }

    /** One parsed GET, SET or INCRBY with the OVERFLOW mode in force where it appeared. */
    private record Op(Opcode opcode, FieldType type, long offset, long value, Overflow overflow) {
    }

    /**
     * BITFIELD key [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL] SET encoding offset value |
     * INCRBY encoding offset increment ...]
     */
    void bitfield(CommandContext ctx, Arguments args) {
        run(ctx, args, false);
    }

    /** BITFIELD_RO key [GET encoding offset ...] */
    void bitfieldRo(CommandContext ctx, Arguments args) {
        run(ctx, args, true);
    }

    private void run(CommandContext ctx, Arguments args, boolean readOnlyCommand) {
        List<Op> ops = parse(ctx, args);
        byte[] key = args.get(1);
        boolean writes = false;
        long highestBit = 0;
        for (Op op : ops) {
            if (op.opcode != Opcode.GET) {
                writes = true;
                long last = op.offset + op.type.bits() - 1;
                // past 2^63 only with an absurd proto-max-bulk-len: then too long for any string
                highestBit = Math.max(highestBit, last < 0 ? Long.MAX_VALUE : last);
            }
        }
        if (!writes) {
            reply(ctx, ops, BitArguments.read(ctx, key), false);
            return;
        }
        if (readOnlyCommand) {
            throw RO_GET_ONLY;
        }
        Keyspace ks = ctx.keyspace();
        byte[] old = ks.getString(key);
        byte[] value = BitCommands.grow(old, BitArguments.length((highestBit >>> 3) + 1));
        boolean grew = value != old;
        if (grew) {
            // Redis keeps the grown string even when every write fails with OVERFLOW FAIL
            ks.replace(key, value);
        }
        long changes = reply(ctx, ops, value, grew);
        if (changes > 0) {
            ctx.modified(key, KeyEvent.STRING, "setbit");
            ctx.dirty(changes - 1);
        }
    }

    /** Parses every operation first, as Redis does: the first bad one is the error, before any lookup. */
    private static List<Op> parse(CommandContext ctx, Arguments args) {
        List<Op> ops = new ArrayList<>();
        Overflow overflow = Overflow.WRAP;
        for (int j = 2; j < args.size(); j++) {
            int remaining = args.size() - j - 1;
            byte[] sub = args.get(j);
            Opcode opcode;
            if (BitArguments.token(sub, "get") && remaining >= 2) {
                opcode = Opcode.GET;
            } else if (BitArguments.token(sub, "set") && remaining >= 3) {
                opcode = Opcode.SET;
            } else if (BitArguments.token(sub, "incrby") && remaining >= 3) {
                opcode = Opcode.INCRBY;
            } else if (BitArguments.token(sub, "overflow") && remaining >= 1) {
                byte[] mode = args.get(++j);
                if (BitArguments.token(mode, "wrap")) {
                    overflow = Overflow.WRAP;
                } else if (BitArguments.token(mode, "sat")) {
                    overflow = Overflow.SAT;
                } else if (BitArguments.token(mode, "fail")) {
                    overflow = Overflow.FAIL;
                } else {
                    throw BAD_OVERFLOW;
                }
                continue;
            } else {
                throw Errors.SYNTAX;
            }
            FieldType type = BitArguments.fieldType(args.get(j + 1));
            long offset = BitArguments.offset(ctx, args.get(j + 2), true, type.bits());
            long value = opcode == Opcode.GET ? 0 : args.longValue(j + 3);
            ops.add(new Op(opcode, type, offset, value, overflow));
            j += opcode == Opcode.GET ? 2 : 3;
        }
        return ops;
    }

    /**
     * Runs the operations in order on {@code value} (null: a missing key, read only) and writes the reply;
     * returns how many writes changed a field, or wrote at all when {@code grew}, as Redis counts changes.
     */
    private static long reply(CommandContext ctx, List<Op> ops, byte[] value, boolean grew) {
        ReplyWriter out = ctx.reply();
        out.array(ops.size());
        long changes = 0;
        byte[] s = value == null ? new byte[0] : value;
        for (Op op : ops) {
            int bits = op.type.bits();
            boolean signed = op.type.signed();
            long old = signed ? Bitfield.getSigned(s, op.offset, bits) : Bitfield.getUnsigned(s, op.offset, bits);
            if (op.opcode == Opcode.GET) {
                out.integer(old);
                continue;
            }
            long base = op.opcode == Opcode.INCRBY ? old : op.value;
            long incr = op.opcode == Opcode.INCRBY ? op.value : 0;
            int overflow = signed ? Bitfield.signedOverflow(base, incr, bits)
                    : Bitfield.unsignedOverflow(base, incr, bits);
            if (overflow != 0 && op.overflow == Overflow.FAIL) {
                out.nullBulk();
                continue;
            }
            long stored = overflow == 0 ? base + incr
                    : signed ? Bitfield.signedLimit(base, incr, bits, overflow, op.overflow)
                    : Bitfield.unsignedLimit(base, incr, bits, overflow, op.overflow);
            out.integer(op.opcode == Opcode.INCRBY ? stored : old);
            Bitfield.set(s, op.offset, bits, stored);
            if (grew || old != stored) {
                changes++;
            }
        }
        return changes;
    }
}
