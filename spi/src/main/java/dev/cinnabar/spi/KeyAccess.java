// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/**
 * One key of a command line and what the command does with it, as Redis's ACL check reads the key-spec
 * flags: {@code ACCESS} reads; {@code INSERT}, {@code DELETE} and {@code UPDATE} write.
 *
 * @param position index of the key in the command line (0 is the command name)
 * @param read     the command reads the key's value
 * @param write    the command changes or deletes the key
 */
public record KeyAccess(int position, boolean read, boolean write) {
}
