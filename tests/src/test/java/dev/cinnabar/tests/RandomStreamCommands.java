// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.tests.RandomCommands.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random stream commands, mostly on k4 and k5: entries added with explicit, mostly rising ids (the server's
 * clock never picks one), deleted and trimmed; consumer groups created, moved and destroyed; reads, acks and
 * claims by a few consumers. Nothing that shows an idle time or the clock: claims use min-idle 0 and a
 * fixed TIME, XPENDING's extended form only with an IDLE no entry reaches.
 */
final class RandomStreamCommands extends RandomFamily {
    private static final int HOME = 4;
    /** Milliseconds of the latest id handed out; ids wander a little below and above it. */
    private long ms = 1;

    RandomStreamCommands(Random rnd) {
        super(rnd);
    }

    private String id() {
        long m = Math.max(0, ms - rnd.nextInt(4) + rnd.nextInt(2));
        return m + "-" + rnd.nextInt(3);
    }

    private String newId() {
        ms += rnd.nextInt(3);
        return rnd.nextInt(6) == 0 ? ms + "-*" : ms + "-" + rnd.nextInt(3);
    }

    private String[] ids(int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = id();
        }
        return out;
    }

    private String groupName() {
        return pick("g0", "g1", "g2");
    }

    private String consumer() {
        return pick("c0", "c1", "c2");
    }

    @Override
    Command command(Where where) {
        String key = key(HOME);
        List<String> a = new ArrayList<>();
        switch (rnd.nextInt(24)) {
            case 0, 1, 2, 3 -> {
                a.addAll(List.of("XADD", key));
                if (rnd.nextInt(6) == 0) {
                    a.addAll(List.of("MAXLEN", pick("=", "~"), Integer.toString(rnd.nextInt(8))));
                }
                a.add(newId());
                a.addAll(List.of("f", element()));
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("g", element()));
                }
            }
            case 4 -> {
                a.addAll(List.of("XGROUP", "CREATE", key, groupName(), pick("$", "0", id())));
                if (rnd.nextBoolean()) {
                    a.add("MKSTREAM");
                }
                if (rnd.nextInt(4) == 0) {
                    a.addAll(List.of("ENTRIESREAD", Integer.toString(rnd.nextInt(6) - 1)));
                }
            }
            case 5 -> {
                a.addAll(List.of("XGROUP", "SETID", key, groupName(), pick("$", "0", id())));
                if (rnd.nextInt(3) == 0) {
                    a.addAll(List.of("ENTRIESREAD", Integer.toString(rnd.nextInt(6) - 1)));
                }
            }
            case 6 -> a.addAll(List.of("XGROUP", pick("CREATECONSUMER", "DELCONSUMER"), key, groupName(), consumer()));
            case 7 -> a.addAll(List.of("XGROUP", "DESTROY", key, groupName()));
            case 8, 9, 10, 11 -> {
                a.addAll(List.of("XREADGROUP", "GROUP", groupName(), consumer()));
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("COUNT", Integer.toString(rnd.nextInt(4))));
                }
                if (rnd.nextInt(4) == 0) {
                    a.add("NOACK");
                }
                a.addAll(List.of("STREAMS", key, rnd.nextInt(3) == 0 ? pick("0", id()) : ">"));
            }
            case 12, 13 -> {
                a.addAll(List.of("XACK", key, groupName()));
                a.addAll(List.of(ids(1 + rnd.nextInt(3))));
            }
            case 14, 15 -> {
                a.addAll(List.of("XCLAIM", key, groupName(), consumer(), "0"));
                a.addAll(List.of(ids(1 + rnd.nextInt(3))));
                if (rnd.nextBoolean()) {
                    a.add("JUSTID");
                }
                if (rnd.nextInt(3) == 0) {
                    a.add("FORCE");
                }
                if (rnd.nextInt(3) == 0) {
                    a.addAll(List.of("TIME", "1000"));
                }
                if (rnd.nextInt(3) == 0) {
                    a.addAll(List.of("RETRYCOUNT", Integer.toString(rnd.nextInt(5))));
                }
                if (rnd.nextInt(4) == 0) {
                    a.addAll(List.of("LASTID", id()));
                }
            }
            case 16 -> {
                a.addAll(List.of("XAUTOCLAIM", key, groupName(), consumer(), "0", pick("0", "-", id())));
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("COUNT", Integer.toString(1 + rnd.nextInt(4))));
                }
                if (rnd.nextBoolean()) {
                    a.add("JUSTID");
                }
            }
            case 17 -> {
                a.addAll(List.of("XPENDING", key, groupName()));
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("IDLE", "100000000", "-", "+", "10"));
                }
            }
            case 18 -> a.addAll(List.of("XINFO", "GROUPS", key));
            case 19 -> a.addAll(List.of("XINFO", "STREAM", key));
            case 20 -> a.addAll(List.of("XDEL", key, id()));
            case 21 -> a.addAll(List.of("XTRIM", key, "MAXLEN", Integer.toString(rnd.nextInt(10))));
            case 22 -> a.addAll(List.of("XRANGE", key, "-", "+"));
            default -> a.addAll(List.of("XLEN", key));
        }
        return cmd(a);
    }
}
