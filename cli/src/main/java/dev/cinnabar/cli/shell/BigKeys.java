// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --bigkeys} and {@code --memkeys}: redis-cli 7.0's report of the biggest key of each type, by element
 * count (STRLEN, LLEN, SCARD, HLEN, ZCARD, XLEN) or by MEMORY USAGE, and the totals per type. Each SCAN page
 * is followed by one pipelined batch of TYPE and one of the size commands, as redis-cli does.
 */
public final class BigKeys {
    /** A data type's counters; {@code unit} is what its size counts. */
    private static final class TypeInfo {
        final String name;
        final String sizeCommand;
        final String unit;
        long count;
        long totalSize;
        long biggest;
        String biggestKey;

        TypeInfo(String name, String sizeCommand, String unit) {
            this.name = name;
            this.sizeCommand = sizeCommand;
            this.unit = unit;
        }
    }

    private final Connection connection;
    private final PrintStream out;
    private final boolean memory;
    private final Map<String, TypeInfo> types = new LinkedHashMap<>();
    private long typeLookups;

    public BigKeys(Connection connection, PrintStream out, boolean memory) {
        this.connection = connection;
        this.out = out;
        this.memory = memory;
        for (TypeInfo t : new TypeInfo[] {new TypeInfo("string", "STRLEN", "bytes"),
                new TypeInfo("list", "LLEN", "items"), new TypeInfo("set", "SCARD", "members"),
                new TypeInfo("hash", "HLEN", "fields"), new TypeInfo("zset", "ZCARD", "members"),
                new TypeInfo("stream", "XLEN", "entries")}) {
            types.put(t.name, t);
        }
    }

    /** Scans every key and prints the report; false (with the error on {@code err}) when a command fails. */
    public boolean run(PrintStream err) throws IOException {
        RespValue dbsize = connection.execute(List.of(bytes("DBSIZE")));
        if (!(dbsize instanceof RespValue.Integer total)) {
            err.println("Couldn't determine DBSIZE!");
            return false;
        }
        out.print("\n# Scanning the entire keyspace to find biggest keys as well as\n");
        out.print("# average sizes per key type.  You can use -i 0.1 to sleep 0.1 sec\n");
        out.print("# per 100 SCAN commands (not usually needed).\n\n");
        long sampled = 0;
        long keyLength = 0;
        String cursor = "0";
        do {
            double pct = 100 * (double) sampled / total.value();
            RespValue reply = connection.execute(List.of(bytes("SCAN"), bytes(cursor)));
            if (!(reply instanceof RespValue.Array page) || page.items().size() != 2
                    || !(page.items().get(0) instanceof RespValue.Bulk next)
                    || !(page.items().get(1) instanceof RespValue.Array keyArray)) {
                err.println(reply instanceof RespValue.Error e ? "(error) " + e.line() : "Unexpected SCAN reply");
                return false;
            }
            cursor = next.text();
            List<byte[]> keys = new ArrayList<>();
            for (RespValue k : keyArray.items()) {
                keys.add(((RespValue.Bulk) k).value());
            }
            List<TypeInfo> keyTypes = types(keys);
            List<Long> sizes = sizes(keys, keyTypes);
            for (int i = 0; i < keys.size(); i++) {
                TypeInfo type = keyTypes.get(i);
                if (type == null) {
                    continue;
                }
                long size = sizes.get(i);
                type.totalSize += size;
                type.count++;
                keyLength += keys.get(i).length;
                sampled++;
                if (type.biggest < size) {
                    type.biggestKey = ReplyFormatter.repr(keys.get(i));
                    out.printf(Locale.ROOT, "[%05.2f%%] Biggest %-6s found so far '%s' with %d %s\n", pct, type.name,
                            type.biggestKey, size, unit(type));
                    type.biggest = size;
                }
                if (sampled % 1_000_000 == 0) {
                    out.printf(Locale.ROOT, "[%05.2f%%] Sampled %d keys so far\n", pct, sampled);
                }
            }
        } while (!cursor.equals("0"));
        out.print("\n-------- summary -------\n\n");
        out.printf(Locale.ROOT, "Sampled %d keys in the keyspace!\n", sampled);
        out.printf(Locale.ROOT, "Total key length in bytes is %d (avg len %.2f)\n\n", keyLength,
                keyLength != 0 ? (double) keyLength / sampled : 0.0);
        List<TypeInfo> order = reportOrder();
        for (TypeInfo type : order) {
            if (type.biggestKey != null) {
                out.printf(Locale.ROOT, "Biggest %6s found '%s' has %d %s\n", type.name, type.biggestKey,
                        type.biggest, unit(type));
            }
        }
        out.print("\n");
        for (TypeInfo type : order) {
            out.printf(Locale.ROOT, "%d %ss with %d %s (%05.2f%% of keys, avg size %.2f)\n", type.count, type.name,
                    type.totalSize, unit(type), sampled != 0 ? 100 * (double) type.count / sampled : 0.0,
                    type.count != 0 ? (double) type.totalSize / type.count : 0.0);
        }
        out.flush();
        return true;
    }

    private String unit(TypeInfo type) {
        return memory ? "bytes" : type.unit;
    }

    /** One pipelined TYPE per key; null for a key gone since the SCAN or of a type without a size command. */
    private List<TypeInfo> types(List<byte[]> keys) throws IOException {
        List<List<byte[]>> commands = new ArrayList<>();
        for (byte[] key : keys) {
            commands.add(List.of(bytes("TYPE"), key));
        }
        List<TypeInfo> out = new ArrayList<>();
        for (RespValue reply : connection.executeAll(commands)) {
            typeLookups++;
            String name = reply instanceof RespValue.Simple s ? s.value() : "none";
            out.add(types.get(name));
        }
        return out;
    }

    private List<Long> sizes(List<byte[]> keys, List<TypeInfo> keyTypes) throws IOException {
        List<List<byte[]>> commands = new ArrayList<>();
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (keyTypes.get(i) != null) {
                commands.add(memory ? List.of(bytes("MEMORY"), bytes("USAGE"), keys.get(i))
                        : List.of(bytes(keyTypes.get(i).sizeCommand), keys.get(i)));
                asked.add(i);
            }
        }
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            sizes.add(0L);
        }
        List<RespValue> replies = connection.executeAll(commands);
        for (int j = 0; j < replies.size(); j++) {
            if (replies.get(j) instanceof RespValue.Integer n) {
                sizes.set(asked.get(j), n.value());
            }
        }
        return sizes;
    }

    /**
     * The order redis-cli 7.0 lists the types in: that of its hash table of type names, which depends on how
     * far the table's incremental rehash got, one step per TYPE reply looked up.
     */
    private List<TypeInfo> reportOrder() {
        String[] names = typeLookups == 0 ? new String[] {"hash", "list", "string", "stream", "set", "zset"}
                : typeLookups == 1 ? new String[] {"string", "list", "hash", "stream", "set", "zset"}
                : new String[] {"list", "hash", "string", "stream", "set", "zset"};
        List<TypeInfo> order = new ArrayList<>();
        for (String n : names) {
            order.add(types.get(n));
        }
        return order;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
