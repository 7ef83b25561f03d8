// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.blocking.Blocking;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.command.CommandFacts;
import dev.cinnabar.core.command.CommandTable;
import dev.cinnabar.core.config.ConfigRegistry;
import dev.cinnabar.core.keyspace.ByteKeyMap;
import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.core.keyspace.KeyspaceHost;
import dev.cinnabar.core.multi.Watches;
import dev.cinnabar.core.persistence.KeyspaceImage;
import dev.cinnabar.core.persistence.Persistence;
import dev.cinnabar.core.persistence.Snapshots;
import dev.cinnabar.core.pubsub.Notifier;
import dev.cinnabar.core.pubsub.PubSub;
import dev.cinnabar.core.resp.RespValue;
import dev.cinnabar.core.resp.ValueReplyWriter;
import dev.cinnabar.core.server.BusyReads;
import dev.cinnabar.core.server.RespServer;
import dev.cinnabar.core.server.tls.ServerTls;
import dev.cinnabar.core.stats.Stats;
import dev.cinnabar.spi.AccessControl;
import dev.cinnabar.spi.FunctionStore;
import dev.cinnabar.spi.InfoSection;
import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.RedisError;
import dev.cinnabar.spi.ValueType;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine: databases, command table, clients and the one thread that runs every command (DESIGN
 * invariant 1). Open it embedded with {@link #open(Map)} and call {@link #execute(String...)}, or put a
 * {@link dev.cinnabar.core.server.RespServer} in front of it.
 */
public final class Engine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("cinnabar.engine");
    /** The startup directive that loads plugin jars, named as Redis's module directive; paths space-separated. */
    public static final String LOADMODULE = "loadmodule";

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ConfigRegistry config = new ConfigRegistry();
    /** Before {@link #coreConfig} registers the tls-* parameters, whose listeners reach it. */
    private final ServerTls tls = new ServerTls(config::get);
    /** The RESP server once it listens, for CONFIG SET port / tls-port; null when embedded. */
    private volatile RespServer server;
    private final CoreConfig coreConfig;
    private final CommandTable commands = new CommandTable(CommandFacts.load());
    private final TypeRegistry types = new TypeRegistry();
    private final List<InfoSection> infoSections = new ArrayList<>();
    private final Stats stats = new Stats();
    private final Database[] databases;
    private final Watches watches;
    private final Blocking blocking = new Blocking();
    private final Snapshots snapshots = new Snapshots(types::of, this::onEngineThread);
    private final Persistence persistence = new Persistence(this);
    private final PubSub pubsub;
    private final Notifier notifier;
    private final Dispatcher dispatcher;
    private final dev.cinnabar.core.aof.Aof aof;
    private final Clients clients = new Clients();
    private final ClientPause pause = new ClientPause(this);
    /** Clients with output to flush, each once (its {@code flushQueued} flag), in the order they were woken. */
    private final ArrayDeque<Client> pendingFlush = new ArrayDeque<>();
    /** True while a grouped AOF fsync and reply flush is queued for the end of this event-loop turn. */
    private boolean flushScheduled;
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final List<String> families = new ArrayList<>();
    private final Client embeddedClient;
    /** True while a blocked {@link #execute} call holds the embedded client. Engine thread only. */
    private boolean embeddedBusy;
    /** Embedded clients for calls that overlapped a blocked one, free for the next such call. */
    private final ArrayDeque<Client> spareEmbedded = new ArrayDeque<>();
    /** Embedded calls waiting on a blocked command, failed if the engine closes first. */
    private final Set<CompletableFuture<RespValue>> blockedCalls = new HashSet<>();
    private AccessControl accessControl;
    /** Where command time comes from: the wall clock, or one set with {@link #clock} (an offline replay's). */
    private java.util.function.LongSupplier clock = System::currentTimeMillis;
    private long now = System.currentTimeMillis();
    private volatile boolean closed;
    private final List<Runnable> shutdownHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Runnable> cronTasks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Path configFile;
    private final String runId = Replication.randomId();
    private final Replication replication = new Replication();
    private long cronHz = 10;
    private ScheduledFuture<?> cronTask;
    /** Function libraries read from RDB files, kept as code while no scripting plugin provides a store. */
    private volatile List<byte[]> functionLibraries = List.of();
    private FunctionStore functionStore;
    /** Set while a long command serves other clients (see {@link #serveWhileBusy}). */
    private volatile RedisError busyError;
    /** The RESP server's listening channels, which accept connections while a long command runs too. */
    private final List<Channel> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * The engine thread, with a stack deep enough for a Lua script to recurse about as deep as Redis lets it
     * (some 20000 calls; LuaJ runs Lua calls on the Java stack). The stack is reserved, not committed.
     */
    private static final class EngineThreadFactory extends DefaultThreadFactory {
        private static final long STACK_BYTES = 16L * 1024 * 1024;

        EngineThreadFactory() {
            super("cinnabar-engine");
        }

        @Override
        protected Thread newThread(Runnable r, String name) {
            return new io.netty.util.concurrent.FastThreadLocalThread(threadGroup, r, name, STACK_BYTES);
        }
    }

    private Engine(Map<String, String> settings, Path configFile) {
        this.configFile = configFile == null ? null : configFile.toAbsolutePath();
        this.group = Epoll.isAvailable()
                ? new EpollEventLoopGroup(1, new EngineThreadFactory())
                : new NioEventLoopGroup(1, new EngineThreadFactory());
        this.loop = group.next();
        this.pubsub = new PubSub(this::wake);
        this.notifier = new Notifier(pubsub);
        this.coreConfig = new CoreConfig(this);
        coreConfig.register(config);
        String dbCount = settings.getOrDefault("databases", "16");
        config.set("databases", dbCount, true);
        this.databases = new Database[(int) config.getLong("databases")];
        KeyspaceHost host = new Host();
        for (int i = 0; i < databases.length; i++) {
            databases[i] = new Database(i, host);
        }
        this.watches = new Watches(databases.length);
        this.accessControl = new DefaultAccessControl(config);
        this.dispatcher = new Dispatcher(this);
        this.aof = new dev.cinnabar.core.aof.Aof(this);
        aof.register(config);
        dispatcher.addPropagation(aof::propagate);
        FamilyLoader loader = new FamilyLoader(this);
        loader.loadAll(Thread.currentThread().getContextClassLoader());
        for (String jar : settings.getOrDefault(LOADMODULE, "").split("\\s+")) {
            if (!jar.isEmpty()) {
                loader.loadJar(java.nio.file.Path.of(jar));
            }
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!e.getKey().equals("databases") && !e.getKey().equals(LOADMODULE)) {
                config.set(e.getKey(), e.getValue(), true);
            }
        }
        this.embeddedClient = new Client(nextClientId.getAndIncrement(), null, now);
        embeddedClient.authenticated = true;
        cronTasks.add(persistence::cron);
        cronTasks.add(aof::cron);
        // first on the engine thread, while the data set is still empty
        loop.execute(persistence::primeSavePath);
        try {
            // appendonly yes: the AOF is the dataset (a load error refuses to start, as Redis exits)
            loop.submit(aof::startup).syncUninterruptibly();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
        scheduleCron();
    }

    /** Opens an engine with config parameters as {@code name → value} (as in a redis.conf). */
    public static Engine open(Map<String, String> settings) {
        return new Engine(settings, null);
    }

    /**
     * Opens an engine whose settings were read from {@code configFile}; CONFIG REWRITE writes that file
     * back. The settings map holds the file's directives plus any given on the command line.
     */
    public static Engine open(Map<String, String> settings, Path configFile) {
        return new Engine(settings, java.util.Objects.requireNonNull(configFile, "configFile is null"));
    }

    public static Engine open() {
        return open(Map.of());
    }

    /**
     * Runs one command as the engine's embedded client and returns its reply. Thread-safe; waits, also while
     * the command blocks (BLPOP …) until it is served, times out or is unblocked. A call that comes while
     * another is blocked runs as a spare embedded client (as another connection would), starting in the
     * embedded client's database and protocol; what it changes of its own state (SELECT, MULTI) does not
     * carry over to later calls.
     */
    public RespValue execute(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return execute(argv);
    }

    public RespValue execute(byte[]... argv) {
        CompletableFuture<RespValue> result = new CompletableFuture<>();
        Runnable task = () -> {
            Client c = takeEmbeddedClient();
            try {
                ValueReplyWriter writer = new ValueReplyWriter(() -> c.protocol);
                c.redirectReplies(writer);
                dispatcher.process(c, argv);
                afterBatch();
                // an embedded caller gets its reply now: its write is on disk first
                aof.beforeReplies();
                if (c.waiting()) {
                    blockedCalls.add(result);
                    c.pendingReply = () -> {
                        blockedCalls.remove(result);
                        releaseEmbeddedClient(c);
                        result.complete(firstReply(writer));
                    };
                } else {
                    releaseEmbeddedClient(c);
                    result.complete(firstReply(writer));
                }
            } catch (Throwable t) {
                releaseEmbeddedClient(c);
                result.completeExceptionally(t);
            }
        };
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Ends the embedded client's blocked command (BLPOP …) with its timeout reply, as CLIENT UNBLOCK would (the
     * embedded client has no id CLIENT UNBLOCK can find): an embedded shell's Ctrl-C. Engine thread only.
     *
     * @return false when the embedded client was not blocked
     */
    public boolean unblockEmbedded() {
        Client c = embeddedClient;
        if (c.blocked == null) {
            return false;
        }
        dispatcher.unblock(c, c.blocked.timeoutReply);
        return true;
    }

    private static RespValue firstReply(ValueReplyWriter writer) {
        List<RespValue> replies = writer.take();
        return replies.isEmpty() ? new RespValue.Null() : replies.get(0);
    }

    /** The embedded client if no blocked call holds it, else a spare in its database and protocol. */
    private Client takeEmbeddedClient() {
        if (!embeddedBusy) {
            embeddedBusy = true;
            return embeddedClient;
        }
        Client c = spareEmbedded.pollFirst();
        if (c == null) {
            c = new Client(newClientId(), null, now);
            c.authenticated = true;
        }
        c.db = embeddedClient.db;
        c.protocol = embeddedClient.protocol;
        return c;
    }

    private void releaseEmbeddedClient(Client c) {
        if (c == embeddedClient) {
            embeddedBusy = false;
        } else {
            spareEmbedded.addFirst(c);
        }
    }

    /** Work done after each batch of commands: serve ready blocked clients, then flush pending output. */
    public void afterBatch() {
        if (busyError != null) {
            // inside a busy script: blocked clients wait for it to end, replies go out at once
            sendPending();
            return;
        }
        dispatcher.serveBlocked();
        flushPending();
    }

    /**
     * The error every command but the allow-busy ones gets while {@link #serveWhileBusy} serves clients
     * from inside a long command; null otherwise.
     */
    public RedisError busyError() {
        return busyError;
    }

    /** The TLS context of the server's TLS listeners, rebuilt when a tls-* parameter changes. */
    public ServerTls tls() {
        return tls;
    }

    /** Called by the RESP server once it listens, so CONFIG SET port / tls-port / bind can move it. */
    public void attachServer(RespServer server) {
        this.server = server;
    }

    /** The RESP server listening for this engine, or null. */
    public RespServer server() {
        return server;
    }

    /** A listening channel of the RESP server, to accept from while a long command runs. */
    public void addListener(Channel listener) {
        listeners.add(listener);
        listener.closeFuture().addListener(f -> listeners.remove(listener));
    }

    /**
     * Serves every client but {@code caller} once from inside its long command (see
     * {@link dev.cinnabar.spi.CommandContext#serveWhileBusy}). Engine thread.
     */
    void serveWhileBusy(Client caller, RedisError error) {
        if (busyError != null) {
            return;
        }
        busyError = error;
        try {
            for (Channel listener : listeners) {
                BusyReads.readNow(listener);
            }
            for (Client c : List.copyOf(clients.all())) {
                if (c != caller && c.channel() != null && !c.closed) {
                    BusyReads.readNow(c.channel());
                }
            }
            aof.beforeReplies();
            sendPending();
        } finally {
            busyError = null;
        }
    }

    public void flushPending() {
        if (aof.groupsFsyncs()) {
            // appendfsync always: one write and fsync for every connection served in this event-loop turn,
            // then their replies (Redis's beforeSleep), instead of one fsync per connection
            if (!flushScheduled) {
                flushScheduled = true;
                loop.execute(this::flushAfterFsync);
            }
            return;
        }
        // the AOF is written (and under appendfsync always fsynced) before any reply that acknowledges it
        aof.beforeReplies();
        sendPending();
    }

    private void flushAfterFsync() {
        flushScheduled = false;
        aof.beforeReplies();
        sendPending();
    }

    private void sendPending() {
        Client c;
        while ((c = pendingFlush.pollFirst()) != null) {
            c.flushQueued = false;
            clients.flush(c, stats);
        }
    }

    /** Marks a client as having output to flush after the current batch. */
    public void wake(Client c) {
        if (c.channel() != null) {
            if (!c.flushQueued) {
                c.flushQueued = true;
                pendingFlush.addLast(c);
            }
        } else if (c.pendingReply != null && !c.waiting()) {
            Runnable r = c.pendingReply;
            c.pendingReply = null;
            r.run();
        }
    }

    /** INFO's run_id: 40 random hex digits fixed for the life of the engine. */
    public String runId() {
        return runId;
    }

    public Replication replication() {
        return replication;
    }

    /** The config file the engine was started with, as an absolute path; null when started without one. */
    public Path configFile() {
        return configFile;
    }

    /** Runs the periodic tasks {@code hz} times a second (the {@code hz} parameter, already clamped). */
    void cronFrequency(long hz) {
        cronHz = hz;
        if (cronTask != null) {
            cronTask.cancel(false);
            scheduleCron();
        }
    }

    private void scheduleCron() {
        long period = Math.max(1, 1000 / Math.max(1, cronHz));
        cronTask = loop.scheduleAtFixedRate(this::cron, period, period, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the engine thread at every cron tick ({@code hz} times a second). */
    public void onCron(Runnable task) {
        cronTasks.add(java.util.Objects.requireNonNull(task, "task is null"));
    }

    /** The current {@code hz}. */
    public long cronFrequency() {
        return cronHz;
    }

    private void cron() {
        try {
            now = clock.getAsLong();
            if (coreConfig.activeExpireEnabled) {
                ActiveExpiry.cycle(databases, now, stats);
            }
            clients.closeIdle(now, config.getLong("timeout"), this);
            for (Runnable task : cronTasks) {
                task.run();
            }
            flushPending();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "cron failed", t);
        }
    }

    /** Times a blocked client out: writes its timeout reply and lets it read again. */
    void timeoutBlocked(Client c) {
        if (c.blocked != null) {
            dispatcher.unblock(c, c.blocked.timeoutReply);
        }
    }

    /** A client that was blocked or paused goes back to its unprocessed input. */
    public void resume(Client c) {
        wake(c);
        if (c.channel() != null && c.pendingInput) {
            c.pendingInput = false;
            c.channel().pipeline().fireUserEventTriggered(ResumeInput.INSTANCE);
        }
        flushPending();
    }

    /** Forgets a closed connection: its subscriptions, watches, blocked state and paused command. */
    public void disconnected(Client c) {
        dispatcher.unblock(c, null);
        pause.forget(c);
        pubsub.removeAll(c);
        watches.unwatchAll(c);
        clients.remove(c);
        if (c.flushQueued) {
            c.flushQueued = false;
            pendingFlush.remove(c);
        }
        c.takeOutput();
    }

    /** CLIENT KILL: closes a connection at once, dropping its pending output, and forgets its state. */
    public void kill(Client c) {
        c.closed = true;
        if (c.channel() != null) {
            c.channel().close();
        }
        disconnected(c);
    }

    /** The event a connection handler receives when its client may process buffered input again. */
    public enum ResumeInput { INSTANCE }

    public long newClientId() {
        return nextClientId.getAndIncrement();
    }

    public long now() {
        return now;
    }

    /** Refreshes the cached command time from the clock (once per command, as Redis's {@code call}). */
    public long tick() {
        now = clock.getAsLong();
        return now;
    }

    /**
     * Replaces the wall clock as the source of command time, the time keys' TTLs are judged by (engine
     * thread): the offline AOF replay runs on the time of the AOF's {@code #TS:} annotations, so that a
     * point-in-time recovery sees the keys alive then. Takes effect at once.
     */
    public void clock(java.util.function.LongSupplier source) {
        clock = java.util.Objects.requireNonNull(source, "source is null");
        tick();
    }

    public EventLoop loop() {
        return loop;
    }

    public EventLoopGroup group() {
        return group;
    }

    public ConfigRegistry config() {
        return config;
    }

    public CoreConfig coreConfig() {
        return coreConfig;
    }

    public CommandTable commands() {
        return commands;
    }

    public TypeRegistry types() {
        return types;
    }

    public List<InfoSection> infoSections() {
        return infoSections;
    }

    public Stats stats() {
        return stats;
    }

    public Database database(int index) {
        return databases[index];
    }

    public int databaseCount() {
        return databases.length;
    }

    /**
     * An image of every database as it is now, which another thread can serialize while commands go on
     * (BGSAVE, AOF rewrite). Engine thread only; close the image when done.
     */
    public KeyspaceImage snapshot() {
        return snapshots.open(databases);
    }

    /** Runs {@code task} on the engine thread: at once when called there, else queued (dropped once closed). */
    private void onEngineThread(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else if (!loop.isShuttingDown()) {
            loop.execute(task);
        }
    }

    /** INFO memory's {@code number_of_cached_scripts}: what the scripting plugin reports, 0 without one. */
    public int cachedScripts() {
        return functionStore != null ? functionStore.cachedScripts() : 0;
    }

    /** INFO memory's {@code number_of_functions}: what the scripting plugin reports, 0 without one. */
    public int functionCount() {
        return functionStore != null ? functionStore.functionCount() : 0;
    }

    /**
     * The code of each function library ("#!lua name=…"), from the scripting plugin's store, or else as
     * loaded from an RDB file, so that a load and save keep them even when nothing can run them. Engine
     * thread.
     */
    public List<byte[]> functionLibraries() {
        return functionStore != null ? List.copyOf(functionStore.libraries()) : functionLibraries;
    }

    /**
     * Replaces the function libraries (RDB load), all or nothing. Engine thread.
     *
     * @throws RedisError if the scripting plugin cannot load one of them
     */
    public void functionLibraries(List<byte[]> libraries) {
        if (functionStore != null) {
            functionStore.replaceAll(List.copyOf(libraries));
        } else {
            this.functionLibraries = List.copyOf(libraries);
        }
    }

    /** Registers the scripting plugin's store; libraries already read move into it. */
    void functionStore(FunctionStore store) {
        if (functionStore != null) {
            throw new IllegalStateException("a function store is already registered");
        }
        functionStore = store;
        if (!functionLibraries.isEmpty()) {
            store.replaceAll(functionLibraries);
            functionLibraries = List.of();
        }
    }

    /** Saving, loading and the background job slot. */
    public Persistence persistence() {
        return persistence;
    }

    public Watches watches() {
        return watches;
    }

    public Blocking blocking() {
        return blocking;
    }

    public PubSub pubsub() {
        return pubsub;
    }

    public Notifier notifier() {
        return notifier;
    }

    /** The append-only file (appendonly, BGREWRITEAOF, aof_* INFO fields). */
    public dev.cinnabar.core.aof.Aof aof() {
        return aof;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public Clients clients() {
        return clients;
    }

    public ClientPause pause() {
        return pause;
    }

    public AccessControl accessControl() {
        return accessControl;
    }

    public void accessControl(AccessControl control) {
        this.accessControl = java.util.Objects.requireNonNull(control, "control is null");
    }

    public List<String> families() {
        return families;
    }

    /** Runs {@code hook} when SHUTDOWN is requested by a client. */
    public void onShutdown(Runnable hook) {
        shutdownHooks.add(hook);
    }

    /** SHUTDOWN: tells whoever runs the engine to stop it. */
    public void requestShutdown() {
        shutdownHooks.forEach(Runnable::run);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Runnable failBlocked = () -> {
            aof.close();
            for (CompletableFuture<RespValue> call : blockedCalls) {
                call.completeExceptionally(new IllegalStateException("engine closed"));
            }
            blockedCalls.clear();
        };
        if (loop.inEventLoop()) {
            failBlocked.run();
        } else {
            loop.submit(failBlocked).syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** True if clients blocked on a key holding {@code value} are woken when it is deleted or replaced. */
    public boolean wakesWaitersWhenRemoved(Object value) {
        ValueType<?> type = value == null ? null : types.of(value);
        return type != null && type.wakesWaitersWhenRemoved();
    }

    /** The engine as its databases see it. */
    private final class Host implements KeyspaceHost {
        @Override
        public long now() {
            return now;
        }

        @Override
        public boolean loading() {
            return persistence.loading();
        }

        @Override
        public ValueType<?> typeOf(Object value) {
            return types.of(value);
        }

        @Override
        public void expired(Database db, byte[] key) {
            stats.expiredKeys++;
            watches.touch(db, key);
            notifier.notify(KeyEvent.EXPIRED, "expired", key, db.index());
            dispatcher.propagateExpired(db.index(), key);
        }

        @Override
        public void created(Database db, byte[] key) {
            notifier.notify(KeyEvent.NEW, "new", key, db.index());
            // as Redis 7.0's dbAdd: only a key coming into existence wakes its waiters (a waiter waits on a
            // missing key, or on one of another type, which an overwrite must not serve)
            blocking.signal(db.index(), key);
        }

        @Override
        public void removed(Database db, byte[] key, Object old) {
            if (blocking.blockedClients() > 0 && wakesWaitersWhenRemoved(old)) {
                blocking.signal(db.index(), key);
            }
        }

        @Override
        public boolean clientsBlocked() {
            return blocking.blockedClients() > 0;
        }

        @Override
        public void handingOut(ByteKeyMap table, byte[] key, Object value) {
            if (snapshots.active() && dispatcher.mayChangeValues()) {
                snapshots.beforeWrite(table, key, value);
            }
        }

        @Override
        public void lookup(boolean hit) {
            if (hit) {
                stats.keyspaceHits++;
            } else {
                stats.keyspaceMisses++;
            }
        }
    }
}
