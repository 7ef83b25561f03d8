// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.config.ConfigRegistry;
import dev.cinnabar.core.resp.RespLimits;
import dev.cinnabar.core.server.RespServer;
import dev.cinnabar.core.server.tls.TlsSettings;
import dev.cinnabar.spi.ConfigParam;

import java.util.List;

/**
 * The behaviour behind the engine's own config parameters (their names, types and defaults are Redis
 * 7.0's, from the built-in table). Hot values are mirrored in fields so the request path reads a field,
 * not a map.
 */
public final class CoreConfig {
    private final Engine engine;

    public volatile long protoMaxBulkLen = RespLimits.DEFAULT_PROTO_MAX_BULK_LEN;
    public volatile long queryBufferLimit = RespLimits.DEFAULT_QUERY_BUFFER_LIMIT;
    public volatile long maxClients = 10000;
    public volatile long slowlogSlowerThan = 10000;
    public volatile long slowlogMaxLen = 128;
    public volatile long latencyMonitorThreshold;
    /** DEBUG SET-ACTIVE-EXPIRE; not a config parameter in Redis either. */
    public volatile boolean activeExpireEnabled = true;
    /** DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call noscript commands. */
    public volatile boolean scriptDenyDisabled;

    CoreConfig(Engine engine) {
        this.engine = engine;
    }

    /** tls-port moves the TLS listener; the others rebuild the TLS context; tls-auth-clients is read per accept. */
    private void registerTls(ConfigRegistry config) {
        config.register(ConfigParam.ofInt("tls-port", 0, 0, 65535, v -> portChanged(true, v)));
        config.register(ConfigParam.ofString("tls-auth-clients", "yes", v -> { }));
        for (String name : TlsSettings.CONTEXT_PARAMS) {
            config.register(ConfigParam.ofString(name, config.builtin(name).defaultValue(),
                    v -> engine.tls().changed(name)));
        }
    }

    private void portChanged(boolean tls, String value) {
        RespServer server = engine.server();
        if (server != null) {
            server.portChanged(tls, Integer.parseInt(value));
        }
    }

    void register(ConfigRegistry config) {
        // 127.0.0.1 -::1 is the bind of the redis.conf Redis ships, safer than the "* -::*" redis-server
        // takes without a config file
        config.register(ConfigParam.ofString("bind", "127.0.0.1 -::1", v -> {
            RespServer server = engine.server();
            if (server != null) {
                server.bindChanged(v);
            }
        }));
        config.register(ConfigParam.ofInt("port", 6379, 0, 65535, v -> portChanged(false, v)));
        registerTls(config);
        config.register(ConfigParam.ofInt("databases", 16, 1, Integer.MAX_VALUE, v -> { }));
        // the default user's password: the access control in place (the ACL plugin's default user) follows it
        config.register(ConfigParam.ofString("requirepass", "", v -> {
            if (engine.accessControl() != null) {
                engine.accessControl().requirePassChanged(v);
            }
        }));
        config.register(ConfigParam.ofInt("maxclients", 10000, 1, Integer.MAX_VALUE,
                v -> maxClients = Long.parseLong(v)));
        config.register(ConfigParam.ofInt("timeout", 0, 0, Integer.MAX_VALUE, v -> { }));
        config.register(ConfigParam.ofInt("hz", 10, 0, Integer.MAX_VALUE, v -> engine.cronFrequency(Long.parseLong(v))));
        config.register(ConfigParam.ofMemory("proto-max-bulk-len", RespLimits.DEFAULT_PROTO_MAX_BULK_LEN, 1024 * 1024,
                Long.MAX_VALUE, v -> protoMaxBulkLen = Long.parseLong(v)));
        config.register(ConfigParam.ofMemory("client-query-buffer-limit", RespLimits.DEFAULT_QUERY_BUFFER_LIMIT,
                1024 * 1024, Long.MAX_VALUE, v -> queryBufferLimit = Long.parseLong(v)));
        config.register(ConfigParam.ofString("notify-keyspace-events", "", v -> engine.notifier().configure(v))
                .withParser(engine.notifier()::parseSetting));
        config.register(ConfigParam.ofString("dir", System.getProperty("user.dir"), v -> { }));
        config.register(ConfigParam.ofInt("slowlog-log-slower-than", 10000, -1, Long.MAX_VALUE,
                v -> slowlogSlowerThan = Long.parseLong(v)));
        config.register(ConfigParam.ofInt("slowlog-max-len", 128, 0, Long.MAX_VALUE,
                v -> slowlogMaxLen = Long.parseLong(v)));
        config.register(ConfigParam.ofInt("latency-monitor-threshold", 0, 0, Long.MAX_VALUE,
                v -> latencyMonitorThreshold = Long.parseLong(v)));
        // read when DEBUG runs and when CONFIG SET meets a protected parameter
        List<String> protectedAction = List.of("no", "yes", "local");
        config.register(ConfigParam.ofEnum("enable-debug-command", "no", protectedAction, v -> { }).asImmutable());
        config.register(ConfigParam.ofEnum("enable-protected-configs", "no", protectedAction, v -> { }).asImmutable());
    }
}
