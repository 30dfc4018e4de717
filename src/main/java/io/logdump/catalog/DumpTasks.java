package io.logdump.catalog;

import io.logdump.core.Actor;
import io.logdump.core.ConflictException;
import io.logdump.core.JsonFields;
import io.logdump.core.NotFoundException;
import io.logdump.core.ValidationException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Dump tasks: creation with every rule of the product, modification, stop, start, delete, and the
 * operations log that records each of them with its actor. A task belongs to the account of its
 * log set, which alone finds it (to another account it does not exist, deleted or not); task ids
 * are unique on the whole server. Thread-safe.
 */
public final class DumpTasks {
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final CatalogStore store;
    private final LogSets logSets;
    private final Regions regions;
    private final DumpTaskRules rules;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public DumpTasks(CatalogStore store, LogSets logSets, Regions regions, DumpLimits limits, Clock clock) {
        this.store = store;
        this.logSets = logSets;
        this.regions = regions;
        this.rules = new DumpTaskRules(limits);
        this.clock = clock;
    }

    public DumpTask create(Actor actor, JsonFields body) {
        String account = actor.account();
        DumpTaskRules.NewTask request = rules.readCreate(body);
        LogSet logSet = store.logSet(account, request.logset()).orElseThrow(() -> ValidationException.of("logset",
                "log set '" + request.logset() + "' does not exist"));
        store.subject(account, request.logset(), request.subject()).orElseThrow(() -> ValidationException.of("subject",
                "log subject '" + request.subject() + "' does not exist in log set '" + request.logset() + "'"));
        if (store.collection(account, request.logset(), request.subject()).isEmpty()) {
            throw new ConflictException("log subject '" + request.subject() + "' has no collection configuration, "
                    + "and no dump tasks can be created without one; PUT .../subjects/" + request.subject() + "/collection first", "subject");
        }
        checkBucket(account, request.bucket(), logSet.region());
        DumpSettings s = request.settings();
        String prefix = s.prefix() != null ? s.prefix() : request.logset() + "/" + request.subject() + "/";
        DumpSettings settings = new DumpSettings(prefix, s.partitionFormat(), s.timeZone(), s.maxFileSizeMB(),
                s.intervalSeconds(), s.format(), s.compression());
        Instant now = clock.instant();
        DumpTask task = new DumpTask(newId(), account, request.name(), request.logset(), request.subject(), request.bucket(),
                settings, request.startDelaySeconds(), request.startFrom(), TaskStatus.WAITING, now, now,
                now.plusSeconds(request.startDelaySeconds()));
        String detail = "created in bucket " + task.bucket() + " with prefix '" + prefix + "', partition format '"
                + settings.partitionFormat() + "', format " + settings.format().type() + ", compression "
                + settings.compression() + "; starts at " + task.startsAt();
        if (!store.insertTask(task, new TaskOperation(now, TaskOperation.Kind.CREATED, detail, actor.name()))) {
            throw new ConflictException("log subject '" + request.subject() + "' already has a dump task named '"
                    + request.name() + "'", "name");
        }
        return task;
    }

    public DumpTask get(String account, String id) {
        return store.task(account, id).orElseThrow(() -> new NotFoundException("dump task '" + id + "' does not exist"));
    }

    /** The account's tasks matching every non-null filter, oldest first. */
    public List<DumpTask> list(String account, String logset, String subject, TaskStatus status) {
        return store.tasks(Objects.requireNonNull(account, "account"), logset, subject, status);
    }

    /** Every task of every account, oldest first, for the server's background work (dump engine, retention, metrics). */
    public List<DumpTask> all() {
        return store.tasks(null, null, null, null);
    }

    /**
     * The settings that the settings fields of {@code body} (the fields a modification may carry)
     * give a task of {@code logset}/{@code subject}, checked by the create rules, with the create
     * defaults for what is missing. Stores nothing. @throws ValidationException naming every broken rule
     */
    public DumpSettings checkSettings(JsonFields body, String logset, String subject) {
        return rules.readPatch(body, new DumpSettings(logset + "/" + subject + "/", "%Y/%m/%d", "UTC", 100, 300,
                FormatSpec.JSON, "none"));
    }

    /** Applies a modification; with no actual change nothing is recorded. */
    public DumpTask modify(Actor actor, String id, JsonFields body) {
        DumpTask task = get(actor.account(), id);
        DumpSettings before = task.settings();
        DumpSettings after = rules.readPatch(body, before);
        List<String> changes = changes(before, after);
        if (changes.isEmpty()) {
            return task;
        }
        Instant now = clock.instant();
        DumpTask modified = task.withSettings(after, now);
        store.updateTask(modified, new TaskOperation(now, TaskOperation.Kind.MODIFIED,
                String.join("; ", changes) + " (applies from the next file)", actor.name()));
        return modified;
    }

    public DumpTask stop(Actor actor, String id) {
        DumpTask task = get(actor.account(), id);
        if (task.status() == TaskStatus.STOPPED) {
            throw new ConflictException("dump task '" + id + "' is already stopped");
        }
        Instant now = clock.instant();
        DumpTask stopped = task.withStatus(TaskStatus.STOPPED, now);
        store.updateTask(stopped, new TaskOperation(now, TaskOperation.Kind.STOPPED, "stopped (was " + task.status() + ")",
                actor.name()));
        return stopped;
    }

    public DumpTask start(Actor actor, String id) {
        DumpTask task = get(actor.account(), id);
        if (task.status() != TaskStatus.STOPPED) {
            throw new ConflictException("dump task '" + id + "' is already started (it is " + task.status() + ")");
        }
        Instant now = clock.instant();
        DumpTask started = task.withStatus(TaskStatus.WAITING, now);
        store.updateTask(started, new TaskOperation(now, TaskOperation.Kind.STARTED,
                "started; resumes from its checkpoint" + (task.startsAt().isAfter(now) ? " at " + task.startsAt() : ""),
                actor.name()));
        return started;
    }

    /** WAITING → RUNNING once the start delay has passed (the engine's move, not an operation of a user). */
    public DumpTask markRunning(DumpTask listed) {
        DumpTask task = get(listed.account(), listed.id());
        if (task.status() != TaskStatus.WAITING) {
            return task;
        }
        DumpTask running = task.withStatus(TaskStatus.RUNNING, clock.instant());
        store.setStatus(task.id(), TaskStatus.WAITING, TaskStatus.RUNNING, running.updatedAt());
        return running;
    }

    public void delete(Actor actor, String id) {
        DumpTask task = get(actor.account(), id);
        store.deleteTask(task, new TaskOperation(clock.instant(), TaskOperation.Kind.DELETED,
                "deleted (was " + task.status() + ")", actor.name()));
    }

    /** Logs a manual retry of one of the task's files and its outcome (RETRIED). */
    public void recordRetry(Actor actor, DumpTask task, String detail) {
        store.addOperation(task, new TaskOperation(clock.instant(), TaskOperation.Kind.RETRIED, detail, actor.name()));
    }

    /** The operations log of the account's task; still readable after the task is deleted. */
    public List<TaskOperation> operations(String account, String id) {
        List<TaskOperation> ops = store.operations(account, id);
        if (ops.isEmpty()) {
            get(account, id);
        }
        return ops;
    }

    private void checkBucket(String account, String bucket, String region) {
        if (regions.bucketExists(account, region, bucket)) {
            return;
        }
        String elsewhere = regions.regionHolding(account, bucket, region)
                .map(r -> "bucket '" + bucket + "' is in region '" + r + "', not in the log set's region '" + region + "'")
                .orElse("bucket '" + bucket + "' does not exist in region '" + region + "'");
        throw ValidationException.of("bucket", elsewhere);
    }

    private String newId() {
        while (true) {
            StringBuilder id = new StringBuilder("dt-");
            for (int i = 0; i < 8; i++) {
                id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
            }
            String candidate = id.toString();
            if (!store.taskIdUsed(candidate)) {
                return candidate;
            }
        }
    }

    private static List<String> changes(DumpSettings a, DumpSettings b) {
        List<String> out = new ArrayList<>();
        change(out, "prefix", a.prefix(), b.prefix());
        change(out, "partitionFormat", a.partitionFormat(), b.partitionFormat());
        change(out, "timeZone", a.timeZone(), b.timeZone());
        change(out, "maxFileSizeMB", a.maxFileSizeMB(), b.maxFileSizeMB());
        change(out, "intervalSeconds", a.intervalSeconds(), b.intervalSeconds());
        change(out, "format", a.format().toJson(), b.format().toJson());
        change(out, "compression", a.compression(), b.compression());
        return out;
    }

    private static void change(List<String> out, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            out.add(field + ": " + before + " → " + after);
        }
    }
}
