package io.logdump.testutil;

import static io.logdump.testutil.Api.j;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.catalog.BucketDirectory;
import io.logdump.catalog.DumpLimits;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.Region;
import io.logdump.catalog.Regions;
import io.logdump.catalog.jdbc.JdbcCatalogStore;
import io.logdump.core.JsonFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * A real catalog in a metadata database, for tests below the API: one region {@code local} whose
 * buckets are the given names (nothing is created on disk), log sets, subjects and dump tasks
 * under the default limits.
 */
public record TestCatalog(LogSets logSets, DumpTasks tasks) {

    public static TestCatalog open(Jdbi jdbi, Clock clock, String... buckets) {
        List<String> names = List.of(buckets);
        BucketDirectory directory = new BucketDirectory() {
            public List<String> list(String region) {
                return names;
            }

            public boolean exists(String region, String bucket) {
                return names.contains(bucket);
            }

            public void create(String region, String bucket) {
                throw new UnsupportedOperationException("the test catalog's buckets are fixed");
            }
        };
        Regions regions = new Regions(List.of(new Region("local", "local")), directory);
        JdbcCatalogStore store = new JdbcCatalogStore(jdbi);
        LogSets logSets = new LogSets(store, regions, clock);
        return new TestCatalog(logSets, new DumpTasks(store, logSets, regions, DumpLimits.DEFAULT, clock));
    }

    /** A request body as the API reads it; single quotes stand for double ones. */
    public static JsonFields body(String json) {
        try {
            return JsonFields.of(new ObjectMapper().readTree(j(json)), "", new ArrayList<>());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log set in {@code local} with one subject whose lines are stored raw. */
    public TestCatalog rawSubject(String logset, String subject) {
        if (logSets.list().stream().noneMatch(s -> s.name().equals(logset))) {
            logSets.create(body("{'name':'" + logset + "','region':'local'}"));
        }
        logSets.createSubject(logset, body("{'name':'" + subject + "'}"));
        logSets.putCollection(logset, subject, body("{'parser':{'type':'raw'}}"));
        return this;
    }
}
