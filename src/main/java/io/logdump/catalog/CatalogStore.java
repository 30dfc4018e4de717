package io.logdump.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the catalog is kept (the metadata database). Each method is one transaction; a task
 * change and its operations-log entry are written together. Log sets, subjects and tasks are
 * looked up within one account: a name or id of another account's is not found. Implementations
 * are thread-safe.
 */
public interface CatalogStore {

    /** @return false when the account has a log set of that name already */
    boolean insertLogSet(LogSet logSet);

    Optional<LogSet> logSet(String account, String name);

    /** The account's log sets, by name. */
    List<LogSet> logSets(String account);

    /** Deletes a log set that has no subject. @return false when it still has subjects */
    boolean deleteLogSetIfEmpty(String account, String name);

    /** @return false when the subject exists already */
    boolean insertSubject(LogSubject subject);

    Optional<LogSubject> subject(String account, String logset, String name);

    List<LogSubject> subjects(String account, String logset);

    /** Every subject of every account (for the server's background work). */
    List<LogSubject> allSubjects();

    /** Deletes a subject no dump task uses. @return false when a task still uses it */
    boolean deleteSubjectIfUnused(String account, String logset, String name);

    Optional<CollectionConfig> collection(String account, String logset, String subject);

    void putCollection(String account, String logset, String subject, CollectionConfig config);

    /** @return false when the subject already has a task of that name (or the id is taken) */
    boolean insertTask(DumpTask task, TaskOperation created);

    /** The account's task of that id. */
    Optional<DumpTask> task(String account, String id);

    /** Whether a task of any account has, or had, this id (ids are unique on the server). */
    boolean taskIdUsed(String id);

    /** Tasks matching every non-null filter, oldest first; a null {@code account} means every account. */
    List<DumpTask> tasks(String account, String logset, String subject, TaskStatus status);

    void updateTask(DumpTask task, TaskOperation operation);

    void deleteTask(DumpTask task, TaskOperation deleted);

    /** Changes a task's status from {@code from} to {@code to} (nothing when it is not {@code from}); no operation is logged. */
    void setStatus(String id, TaskStatus from, TaskStatus to, Instant now);

    /** Appends an operation that changes nothing in the task itself (a retry of one of its files). */
    void addOperation(DumpTask task, TaskOperation operation);

    /** The operations log of the account's task, oldest first; kept after the task is deleted. */
    List<TaskOperation> operations(String account, String taskId);
}
