// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.config.ConfigRegistry;
import dev.cinnabar.spi.AccessControl;
import dev.cinnabar.spi.Arguments;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.ErrorCode;
import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Access without the ACL plugin: one {@code default} user whose password is {@code requirepass}. */
final class DefaultAccessControl implements AccessControl {
    static final RedisError WRONGPASS = new RedisError(ErrorCode.WRONGPASS,
            "invalid username-password pair or user is disabled.");

    private final ConfigRegistry config;

    DefaultAccessControl(ConfigRegistry config) {
        this.config = config;
    }

    @Override
    public String authenticate(String user, byte[] password) {
        String pass = config.get("requirepass");
        if (!"default".equals(user)) {
            throw WRONGPASS;
        }
        if (pass == null || pass.isEmpty()) {
            // Redis: the default user has nopass, so any password is accepted
            return user;
        }
        // constant-time comparison, as Redis's time_independent_strcmp
        if (!MessageDigest.isEqual(pass.getBytes(StandardCharsets.UTF_8), password)) {
            throw WRONGPASS;
        }
        return user;
    }

    @Override
    public boolean authRequired() {
        String pass = config.get("requirepass");
        return pass != null && !pass.isEmpty();
    }

    @Override
    public void check(String user, CommandSpec spec, Arguments args) {
    }
}
