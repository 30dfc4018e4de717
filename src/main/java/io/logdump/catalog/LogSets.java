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

/** Log sets, their subjects and the subjects' collection configurations. Thread-safe. */
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

    public LogSet create(JsonFields body) {
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
        LogSet logSet = new LogSet(name, region, description, clock.instant());
        if (!store.insertLogSet(logSet)) {
            throw new ConflictException("log set '" + name + "' exists already", "name");
        }
        return logSet;
    }

    public List<LogSet> list() {
        return store.logSets();
    }

    public LogSet get(String name) {
        return store.logSet(name).orElseThrow(() -> new NotFoundException("log set '" + name + "' does not exist"));
    }

    public void delete(String name) {
        get(name);
        if (!store.deleteLogSetIfEmpty(name)) {
            throw new ConflictException("log set '" + name + "' still has log subjects; delete them first");
        }
    }

    public LogSubject createSubject(String logset, JsonFields body) {
        get(logset);
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
        LogSubject subject = new LogSubject(logset, name, description, retentionHours, clock.instant(), false);
        if (!store.insertSubject(subject)) {
            throw new ConflictException("log subject '" + name + "' exists already in log set '" + logset + "'", "name");
        }
        return subject;
    }

    public List<LogSubject> subjects(String logset) {
        get(logset);
        return store.subjects(logset);
    }

    public LogSubject subject(String logset, String name) {
        get(logset);
        return store.subject(logset, name).orElseThrow(() -> new NotFoundException(
                "log subject '" + name + "' does not exist in log set '" + logset + "'"));
    }

    public void deleteSubject(String logset, String name) {
        subject(logset, name);
        if (!store.deleteSubjectIfUnused(logset, name)) {
            throw new ConflictException("log subject '" + name + "' is used by dump tasks; delete them first");
        }
    }

    public CollectionConfig collection(String logset, String subject) {
        subject(logset, subject);
        return store.collection(logset, subject).orElseThrow(() -> new NotFoundException(
                "log subject '" + subject + "' has no collection configuration yet; PUT one first"));
    }

    /** The subject's collection configuration, if it has one (the subject is not checked). */
    public java.util.Optional<CollectionConfig> findCollection(String logset, String subject) {
        return store.collection(logset, subject);
    }

    public CollectionConfig putCollection(String logset, String subject, JsonFields body) {
        subject(logset, subject);
        CollectionConfig config = CollectionConfig.read(body, currentYear());
        body.rejectUnknown();
        if (!body.errors().isEmpty()) {
            throw new ValidationException(body.errors());
        }
        store.putCollection(logset, subject, config);
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
