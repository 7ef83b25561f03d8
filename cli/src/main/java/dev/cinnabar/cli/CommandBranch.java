// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/**
 * Adds to a command line either every subcommand or only the one its arguments select, one level of
 * group deep ({@code cinnabar rdb check …} builds {@code rdb} with {@code check} alone). Picocli builds a
 * command's model by reflection when the command is added, so a tool run that builds the whole tree pays
 * for the options of every other tool.
 */
final class CommandBranch {
    private CommandBranch() {
    }

    static void add(CommandLine parent, List<Class<?>> subcommands, String[] args) {
        Class<?> chosen = args.length == 0 ? null : named(subcommands, args[0]);
        if (chosen == null) {
            subcommands.forEach(parent::addSubcommand);
            return;
        }
        Class<?>[] grandchildren = chosen.getAnnotation(Command.class).subcommands();
        Class<?> grandchild = args.length < 2 ? null : named(List.of(grandchildren), args[1]);
        if (grandchild == null) {
            parent.addSubcommand(chosen);
            return;
        }
        // the group without its annotated subcommands: a tool run never shows the group's own help
        CommandSpec group = CommandSpec.wrapWithoutInspection(instantiate(chosen)).name(args[0]);
        group.mixinStandardHelpOptions(true);
        group.addSubcommand(args[1], new CommandLine(instantiate(grandchild)));
        parent.addSubcommand(args[0], new CommandLine(group));
    }

    private static Class<?> named(List<Class<?>> commands, String name) {
        for (Class<?> c : commands) {
            if (c.getAnnotation(Command.class).name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static Object instantiate(Class<?> command) {
        try {
            var constructor = command.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create command " + command.getName(), e);
        }
    }
}
