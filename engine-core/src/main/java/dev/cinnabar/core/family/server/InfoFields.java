// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.keyspace.LruClock;
import dev.cinnabar.core.stats.Stats;
import io.netty.channel.epoll.Epoll;

import java.util.Locale;

/**
 * The fields of INFO's server, clients, memory, persistence, stats, replication and cpu sections, with
 * Redis 7.0's names in Redis's order. Values are measured where Cinnabar has them; fields about
 * mechanisms Cinnabar does not have (forks, replicas, defragmentation, tracking) hold what Redis shows
 * when those are idle.
 */
final class InfoFields {
    /** The Redis version INFO reports, the one Cinnabar is compatible with. */
    static final String REDIS_VERSION = "7.0.15";

    /** Receives {@code name:value} lines. */
    interface Sink {
        void field(String name, Object value);
    }

    private final Engine engine;
    private final ServerMetrics metrics;

    InfoFields(Engine engine, ServerMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    void server(Sink out) {
        long now = System.currentTimeMillis();
        long uptime = (now - engine.stats().startMillis) / 1000;
        out.field("redis_version", REDIS_VERSION);
        out.field("redis_git_sha1", "00000000");
        out.field("redis_git_dirty", 0);
        out.field("redis_build_id", "0");
        out.field("redis_mode", "standalone");
        out.field("os", os());
        out.field("arch_bits", System.getProperty("os.arch", "").contains("64") ? 64 : 32);
        out.field("monotonic_clock", "Java System.nanoTime");
        out.field("multiplexing_api", Epoll.isAvailable() ? "epoll" : "nio");
        out.field("atomicvar_api", "java");
        out.field("gcc_version", "0.0.0");
        out.field("process_id", ProcessHandle.current().pid());
        out.field("process_supervised", "no");
        out.field("run_id", engine.runId());
        out.field("tcp_port", engine.config().get("port"));
        out.field("server_time_usec", now * 1000);
        out.field("uptime_in_seconds", uptime);
        out.field("uptime_in_days", uptime / 86400);
        out.field("hz", engine.cronFrequency());
        out.field("configured_hz", engine.config().get("hz"));
        out.field("lru_clock", LruClock.at(now));
        out.field("executable", ServerMetrics.executable());
        out.field("config_file", engine.configFile() == null ? "" : engine.configFile().toString());
        out.field("io_threads_active", 0);
    }

    private static String os() {
        String arch = System.getProperty("os.arch", "");
        String machine = switch (arch) {
            case "amd64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> arch;
        };
        return System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " " + machine;
    }

    void clients(Sink out) {
        int inTimeoutTable = 0;
        for (Client c : engine.clients().all()) {
            if (c.blocked != null && c.blocked.deadline != 0) {
                inTimeoutTable++;
            }
        }
        out.field("connected_clients", engine.clients().size());
        out.field("cluster_connections", 0);
        out.field("maxclients", engine.config().get("maxclients"));
        out.field("client_recent_max_input_buffer", 0);
        out.field("client_recent_max_output_buffer", 0);
        // a client held by CLIENT PAUSE is blocked to Redis (BLOCKED_POSTPONE)
        out.field("blocked_clients", engine.blocking().blockedClients() + engine.pause().heldClients());
        out.field("tracking_clients", 0);
        out.field("clients_in_timeout_table", inTimeoutTable);
    }

    void memory(Sink out) {
        long used = ServerMetrics.usedMemory();
        long peak = Math.max(used, metrics.peakMemory());
        long startup = metrics.startupMemory();
        long committed = ServerMetrics.committedMemory();
        long rss = ServerMetrics.residentMemory();
        long total = ServerMetrics.totalSystemMemory();
        long maxmemory = Long.parseUnsignedLong(engine.config().get("maxmemory"));
        long dataset = Math.max(0, used - startup);
        out.field("used_memory", used);
        out.field("used_memory_human", human(used));
        out.field("used_memory_rss", rss);
        out.field("used_memory_rss_human", human(rss));
        out.field("used_memory_peak", peak);
        out.field("used_memory_peak_human", human(peak));
        out.field("used_memory_peak_perc", percent(used, peak));
        out.field("used_memory_overhead", startup);
        out.field("used_memory_startup", startup);
        out.field("used_memory_dataset", dataset);
        out.field("used_memory_dataset_perc", percent(dataset, used - startup == 0 ? 1 : used - startup));
        out.field("allocator_allocated", used);
        out.field("allocator_active", committed);
        out.field("allocator_resident", rss);
        out.field("total_system_memory", total);
        out.field("total_system_memory_human", human(total));
        out.field("used_memory_lua", 0);
        out.field("used_memory_vm_eval", 0);
        out.field("used_memory_lua_human", human(0));
        out.field("used_memory_scripts_eval", 0);
        out.field("number_of_cached_scripts", engine.cachedScripts());
        out.field("number_of_functions", engine.functionCount());
        out.field("number_of_libraries", engine.functionLibraries().size());
        out.field("used_memory_vm_functions", 0);
        out.field("used_memory_vm_total", 0);
        out.field("used_memory_vm_total_human", human(0));
        out.field("used_memory_functions", 0);
        out.field("used_memory_scripts", 0);
        out.field("used_memory_scripts_human", human(0));
        out.field("maxmemory", Long.toUnsignedString(maxmemory));
        out.field("maxmemory_human", human(maxmemory));
        out.field("maxmemory_policy", engine.config().get("maxmemory-policy"));
        out.field("allocator_frag_ratio", ratio(committed, used));
        out.field("allocator_frag_bytes", committed - used);
        out.field("allocator_rss_ratio", ratio(rss, committed));
        out.field("allocator_rss_bytes", rss - committed);
        out.field("rss_overhead_ratio", ratio(rss, rss));
        out.field("rss_overhead_bytes", 0);
        out.field("mem_fragmentation_ratio", ratio(rss, used));
        out.field("mem_fragmentation_bytes", rss - used);
        out.field("mem_not_counted_for_evict", 0);
        out.field("mem_replication_backlog", 0);
        out.field("mem_total_replication_buffers", 0);
        out.field("mem_clients_slaves", 0);
        out.field("mem_clients_normal", 0);
        out.field("mem_cluster_links", 0);
        out.field("mem_aof_buffer", 0);
        out.field("mem_allocator", "jvm");
        out.field("active_defrag_running", 0);
        out.field("lazyfree_pending_objects", 0);
        out.field("lazyfreed_objects", 0);
    }

    void persistence(Sink out) {
        out.field("loading", engine.persistence().loading() ? 1 : 0);
        out.field("async_loading", 0);
        out.field("current_cow_peak", 0);
        out.field("current_cow_size", 0);
        out.field("current_cow_size_age", 0);
        engine.persistence().rdbInfo(out::field);
        engine.aof().info(out::field);
        // Redis appends these while it loads, after the aof fields
        engine.persistence().loadingInfo(out::field);
    }

    void stats(Sink out) {
        Stats s = engine.stats();
        out.field("total_connections_received", s.connectionsReceived);
        out.field("total_commands_processed", s.commandsProcessed);
        out.field("instantaneous_ops_per_sec", metrics.opsPerSecond());
        out.field("total_net_input_bytes", s.netInputBytes);
        out.field("total_net_output_bytes", s.netOutputBytes);
        out.field("total_net_repl_input_bytes", 0);
        out.field("total_net_repl_output_bytes", 0);
        out.field("instantaneous_input_kbps", fixed2(metrics.inputKbps()));
        out.field("instantaneous_output_kbps", fixed2(metrics.outputKbps()));
        out.field("instantaneous_input_repl_kbps", "0.00");
        out.field("instantaneous_output_repl_kbps", "0.00");
        out.field("rejected_connections", s.rejectedConnections);
        out.field("sync_full", 0);
        out.field("sync_partial_ok", 0);
        out.field("sync_partial_err", 0);
        out.field("expired_keys", s.expiredKeys);
        out.field("expired_stale_perc", "0.00");
        out.field("expired_time_cap_reached_count", 0);
        out.field("expire_cycle_cpu_milliseconds", 0);
        out.field("evicted_keys", 0);
        out.field("evicted_clients", 0);
        out.field("total_eviction_exceeded_time", 0);
        out.field("current_eviction_exceeded_time", 0);
        out.field("keyspace_hits", s.keyspaceHits);
        out.field("keyspace_misses", s.keyspaceMisses);
        out.field("pubsub_channels", engine.pubsub().channels().size());
        out.field("pubsub_patterns", engine.pubsub().patternCount());
        out.field("pubsubshard_channels", engine.pubsub().shardChannels().size());
        out.field("latest_fork_usec", 0);
        out.field("total_forks", 0);
        out.field("migrate_cached_sockets", 0);
        out.field("slave_expires_tracked_keys", 0);
        out.field("active_defrag_hits", 0);
        out.field("active_defrag_misses", 0);
        out.field("active_defrag_key_hits", 0);
        out.field("active_defrag_key_misses", 0);
        out.field("total_active_defrag_time", 0);
        out.field("current_active_defrag_time", 0);
        out.field("tracking_total_keys", 0);
        out.field("tracking_total_items", 0);
        out.field("tracking_total_prefixes", 0);
        out.field("unexpected_error_replies", 0);
        out.field("total_error_replies", s.totalErrorReplies);
        out.field("dump_payload_sanitizations", 0);
        out.field("total_reads_processed", 0);
        out.field("total_writes_processed", 0);
        out.field("io_threaded_reads_processed", 0);
        out.field("io_threaded_writes_processed", 0);
        out.field("reply_buffer_shrinks", 0);
        out.field("reply_buffer_expands", 0);
    }

    void replication(Sink out) {
        out.field("role", "master");
        out.field("connected_slaves", 0);
        out.field("master_failover_state", "no-failover");
        out.field("master_replid", engine.replication().id());
        out.field("master_replid2", engine.replication().previousId());
        out.field("master_repl_offset", engine.replication().offset());
        out.field("second_repl_offset", engine.replication().previousOffset());
        out.field("repl_backlog_active", 0);
        out.field("repl_backlog_size", engine.config().get("repl-backlog-size"));
        out.field("repl_backlog_first_byte_offset", 0);
        out.field("repl_backlog_histlen", 0);
    }

    void cpu(Sink out) {
        double[] process = ServerMetrics.processCpu();
        double[] main = ServerMetrics.currentThreadCpu();
        out.field("used_cpu_sys", fixed6(process[1]));
        out.field("used_cpu_user", fixed6(process[0]));
        out.field("used_cpu_sys_children", fixed6(0));
        out.field("used_cpu_user_children", fixed6(0));
        out.field("used_cpu_sys_main_thread", fixed6(main[1]));
        out.field("used_cpu_user_main_thread", fixed6(main[0]));
    }

    /** Redis's {@code bytesToHuman}: bytes below 1024, then K, M, G, T, P with two decimals (unsigned). */
    static String human(long n) {
        double v = n < 0 ? Double.parseDouble(Long.toUnsignedString(n)) : n;
        if (v < 1024) {
            return Long.toUnsignedString(n) + "B";
        }
        double unit = 1024;
        for (String name : new String[]{"K", "M", "G", "T", "P"}) {
            if (v < unit * 1024) {
                return fixed2(v / unit) + name;
            }
            unit *= 1024;
        }
        return Long.toUnsignedString(n) + "B";
    }

    static String fixed2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static String fixed6(double d) {
        return String.format(Locale.ROOT, "%.6f", d);
    }

    private static String percent(long part, long whole) {
        return fixed2(whole == 0 ? 0 : part * 100.0 / whole) + "%";
    }

    private static String ratio(long a, long b) {
        return fixed2(b == 0 ? 0 : (double) a / b);
    }
}
