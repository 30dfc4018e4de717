package io.logdump.history;

import io.logdump.core.SubjectId;
import java.time.Instant;

/** Records {@code [fromOffset, toOffset)} of a subject's partition were deleted before they were dumped. */
public record LostRange(SubjectId subject, int partition, long fromOffset, long toOffset, Instant time, String reason) {}
