package io.logdump.catalog;

import io.logdump.core.ConflictException;
import io.logdump.core.FieldError;
import io.logdump.core.JsonFields;
import io.logdump.core.NotFoundException;
import io.logdump.core.ValidationException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Log sets, their subjects and the subjects' collection configurations, each of one account: names
 * are unique within an account, and an account finds only its own (another account's is "not
 * found", as if it did not exist). Thread-safe.
 */
public final class LogSets {
    private static final Pattern NAME = Pattern.compile("[\\p{IsHan}A-Za-z0-9_-]{1,64}");
    public static final int DEFAULT_RETENTION_HOURS = 72;
    public static final int MAX_RETENTION_HOURS = 24 * 365;

    private final CatalogStore store;
    private final Regions regions;
    private final Clock clock;

    public LogSets(CatalogStore store, Regions regions, Clock clock) {
        this.store = store;
        this.regions = regions;
        this.clock = clock;
    }

    public LogSet create(String account, JsonFields body) {
        List<FieldError> errors = body.errors();
        String name = body.string("name");
        checkName(name, body.path("name"), errors);
        String region = body.string("region");
        if (region == null || region.isEmpty()) {
            errors.add(new FieldError("region", "is required; the regions are " + regionNames()));
        } else if (regions.find(region).isEmpty()) {
            errors.add(new FieldError("region", "'" + region + "' is not a region; the regions are " + regionNames()));
        }
        String description = description(body);
        body.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        LogSet logSet = new LogSet(account, name, region, description, clock.instant());
        if (!store.insertLogSet(logSet)) {
            throw new ConflictException("log set '" + name + "' exists already", "name");
        }
        return logSet;
    }

    public List<LogSet> list(String account) {
        return store.logSets(account);
    }

    public LogSet get(String account, String name) {
        return store.logSet(account, name).orElseThrow(() -> new NotFoundException("log set '" + name + "' does not exist"));
    }

    public void delete(String account, String name) {
        get(account, name);
        if (!store.deleteLogSetIfEmpty(account, name)) {
            throw new ConflictException("log set '" + name + "' still has log subjects; delete them first");
        }
    }

    public LogSubject createSubject(String account, String logset, JsonFields body) {
        get(account, logset);
        List<FieldError> errors = body.errors();
        String name = body.string("name");
        checkName(name, body.path("name"), errors);
        String description = description(body);
        Integer retention = body.integer("retentionHours");
        int retentionHours = retention == null ? DEFAULT_RETENTION_HOURS : retention;
        if (retentionHours < 1 || retentionHours > MAX_RETENTION_HOURS) {
            errors.add(new FieldError("retentionHours", "must be between 1 and " + MAX_RETENTION_HOURS + " (it is " + retentionHours + ")"));
        }
        body.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        LogSubject subject = new LogSubject(account, logset, name, description, retentionHours, clock.instant(), false);
        if (!store.insertSubject(subject)) {
            throw new ConflictException("log subject '" + name + "' exists already in log set '" + logset + "'", "name");
        }
        return subject;
    }

    public List<LogSubject> subjects(String account, String logset) {
        get(account, logset);
        return store.subjects(account, logset);
    }

    /** Every subject of every account, for the server's background work (retention, metrics). */
    public List<LogSubject> allSubjects() {
        return store.allSubjects();
    }

    public LogSubject subject(String account, String logset, String name) {
        get(account, logset);
        return store.subject(account, logset, name).orElseThrow(() -> new NotFoundException(
                "log subject '" + name + "' does not exist in log set '" + logset + "'"));
    }

    public void deleteSubject(String account, String logset, String name) {
        subject(account, logset, name);
        if (!store.deleteSubjectIfUnused(account, logset, name)) {
            throw new ConflictException("log subject '" + name + "' is used by dump tasks; delete them first");
        }
    }

    public CollectionConfig collection(String account, String logset, String subject) {
        subject(account, logset, subject);
        return store.collection(account, logset, subject).orElseThrow(() -> new NotFoundException(
                "log subject '" + subject + "' has no collection configuration yet; PUT one first"));
    }

    /** The subject's collection configuration, if it has one (the subject is not checked). */
    public java.util.Optional<CollectionConfig> findCollection(String account, String logset, String subject) {
        return store.collection(account, logset, subject);
    }

    public CollectionConfig putCollection(String account, String logset, String subject, JsonFields body) {
        subject(account, logset, subject);
        CollectionConfig config = CollectionConfig.read(body, currentYear());
        body.rejectUnknown();
        if (!body.errors().isEmpty()) {
            throw new ValidationException(body.errors());
        }
        store.putCollection(account, logset, subject, config);
        return config;
    }

    /** The year given to log times whose format has none. */
    public int currentYear() {
        return clock.instant().atZone(ZoneOffset.UTC).getYear();
    }

    static void checkName(String name, String field, List<FieldError> errors) {
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!NAME.matcher(name).matches()) {
            errors.add(new FieldError(field, "must be 1 to 64 Chinese characters, letters, digits, _ or -"));
        }
    }

    private static String description(JsonFields body) {
        String description = body.string("description");
        if (description != null && description.length() > 1024) {
            body.errors().add(new FieldError("description", "must be at most 1024 characters"));
        }
        return description;
    }

    private List<String> regionNames() {
        return regions.list().stream().map(Region::name).toList();
    }
}
