package io.logdump.catalog;

import java.util.List;
import java.util.Optional;

/**
 * Where the catalog is kept (the metadata database). Each method is one transaction; a task
 * change and its operations-log entry are written together. Implementations are thread-safe.
 */
public interface CatalogStore {

    /** @return false when a log set of that name exists already */
    boolean insertLogSet(LogSet logSet);

    Optional<LogSet> logSet(String name);

    List<LogSet> logSets();

    /** Deletes a log set that has no subject. @return false when it still has subjects */
    boolean deleteLogSetIfEmpty(String name);

    /** @return false when the subject exists already */
    boolean insertSubject(LogSubject subject);

    Optional<LogSubject> subject(String logset, String name);

    List<LogSubject> subjects(String logset);

    /** Deletes a subject no dump task uses. @return false when a task still uses it */
    boolean deleteSubjectIfUnused(String logset, String name);

    Optional<CollectionConfig> collection(String logset, String subject);

    void putCollection(String logset, String subject, CollectionConfig config);

    /** @return false when the subject already has a task of that name (or the id is taken) */
    boolean insertTask(DumpTask task, TaskOperation created);

    Optional<DumpTask> task(String id);

    /** Tasks matching every non-null filter, oldest first. */
    List<DumpTask> tasks(String logset, String subject, TaskStatus status);

    void updateTask(DumpTask task, TaskOperation operation);

    void deleteTask(String id, TaskOperation deleted);

    /** Changes a task's status from {@code from} to {@code to} (nothing when it is not {@code from}); no operation is logged. */
    void setStatus(String id, TaskStatus from, TaskStatus to, java.time.Instant now);

    /** Appends an operation that changes nothing in the task itself (a retry of one of its files). */
    void addOperation(String taskId, TaskOperation operation);

    /** The operations log of a task, oldest first; kept after the task is deleted. */
    List<TaskOperation> operations(String taskId);
}
