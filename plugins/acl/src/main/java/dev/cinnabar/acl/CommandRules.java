// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import java.util.List;

/**
 * Describes a selector's command permissions as rules ACL SETUSER would take back, as Redis 7.0's
 * {@code ACLDescribeSelectorCommandRules}: {@code +@all} or {@code -@all}, then the best-fitting categories
 * one at a time, then single commands and first arguments for what remains different.
 */
final class CommandRules {
    private final CommandIndex index;

    CommandRules(CommandIndex index) {
        this.index = java.util.Objects.requireNonNull(index, "index is null");
    }

    String describe(Selector selector) {
        boolean additive = !selector.canRunFutureCommands();
        StringBuilder rules = new StringBuilder(additive ? "-@all " : "+@all ");
        Selector fake = new Selector(index, false, false);
        fake.apply(additive ? NOCOMMANDS : ALLCOMMANDS);
        Selector temp = new Selector(index, false, false);
        temp.allowed.or(selector.allowed);
        Category[] categories = Category.values();
        boolean[] applied = new boolean[categories.length];
        while (true) {
            int best = -1;
            long minDiff = Integer.MAX_VALUE;
            long maxSame = 0;
            for (int j = 0; j < categories.length; j++) {
                if (applied[j]) {
                    continue;
                }
                long[] onOff = count(temp, categories[j]);
                long diff = additive ? onOff[1] : onOff[0];
                long same = additive ? onOff[0] : onOff[1];
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
                    best = j;
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best < 0) {
                break;
            }
            fake.changeCategory(categories[best], additive);
            temp.changeCategory(categories[best], !additive);
            rules.append(additive ? "+@" : "-@").append(categories[best].displayName()).append(' ');
            applied[best] = true;
        }
        for (int id : index.roots()) {
            singles(selector, fake, id, rules);
        }
        rules.setLength(rules.length() - 1);
        return rules.toString();
    }

    private void singles(Selector selector, Selector fake, int id, StringBuilder rules) {
        boolean userBit = selector.allowed.get(id);
        if (userBit != fake.allowed.get(id)) {
            rules.append(userBit ? '+' : '-').append(index.name(id)).append(' ');
            fake.change(id, userBit);
        }
        for (int sub : index.subcommands(id)) {
            singles(selector, fake, sub, rules);
        }
        List<String> firstArgs = selector.firstArgs.get(id);
        if (!userBit && firstArgs != null) {
            for (String arg : firstArgs) {
                rules.append('+').append(index.name(id)).append('|').append(arg).append(' ');
            }
        }
    }

    /** How many commands of the category the selector allows ([0]) and denies ([1]). */
    private long[] count(Selector selector, Category category) {
        long[] onOff = new long[2];
        for (int id = 0; id < index.size(); id++) {
            if (index.inCategory(id, category)) {
                onOff[selector.allowed.get(id) ? 0 : 1]++;
            }
        }
        return onOff;
    }

    private static final byte[] ALLCOMMANDS = {'+', '@', 'a', 'l', 'l'};
    private static final byte[] NOCOMMANDS = {'-', '@', 'a', 'l', 'l'};
}
