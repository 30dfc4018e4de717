package io.logdump.testutil;

import static io.logdump.testutil.Api.j;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logdump.catalog.BucketDirectory;
import io.logdump.catalog.DumpLimits;
import io.logdump.catalog.DumpTasks;
import io.logdump.catalog.LogSets;
import io.logdump.catalog.Region;
import io.logdump.catalog.Regions;
import io.logdump.catalog.jdbc.JdbcBucketOwners;
import io.logdump.catalog.jdbc.JdbcCatalogStore;
import io.logdump.core.Accounts;
import io.logdump.core.Actor;
import io.logdump.core.JsonFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jdbi.v3.core.Jdbi;

/**
 * A real catalog in a metadata database, for tests below the API: one region {@code local} whose
 * object store holds the given buckets (names only, nothing on disk; a bucket created later is
 * added to them), owned by no account yet and so by the default one, and log sets, subjects and
 * dump tasks under the default limits. {@link #ACCOUNT} and {@link #ACTOR} act for the default
 * account; {@link #addAccount} makes another.
 */
public record TestCatalog(Jdbi jdbi, Regions regions, LogSets logSets, DumpTasks tasks) {
    /** The account the tests act for unless they say otherwise. */
    public static final String ACCOUNT = Accounts.DEFAULT;
    /** An actor of {@link #ACCOUNT} without a name. */
    public static final Actor ACTOR = Actor.of(ACCOUNT);

    public static TestCatalog open(Jdbi jdbi, Clock clock, String... buckets) {
        Set<String> names = new ConcurrentSkipListSet<>(List.of(buckets));
        BucketDirectory directory = new BucketDirectory() {
            public List<String> list(String region) {
                return List.copyOf(names);
            }

            public boolean exists(String region, String bucket) {
                return names.contains(bucket);
            }

            public void create(String region, String bucket) {
                names.add(bucket);
            }
        };
        Regions regions = new Regions(List.of(new Region("local", "local")), directory, new JdbcBucketOwners(jdbi), clock);
        JdbcCatalogStore store = new JdbcCatalogStore(jdbi);
        LogSets logSets = new LogSets(store, regions, clock);
        return new TestCatalog(jdbi, regions, logSets, new DumpTasks(store, logSets, regions, DumpLimits.DEFAULT, clock));
    }

    /** Adds an account to the metadata database (accounts are managed outside the catalog). */
    public TestCatalog addAccount(String name) {
        jdbi.useHandle(h -> h.execute("INSERT INTO accounts (name, created_at) VALUES (?, 0)", name));
        return this;
    }

    /** A request body as the API reads it; single quotes stand for double ones. */
    public static JsonFields body(String json) {
        try {
            return JsonFields.of(new ObjectMapper().readTree(j(json)), "", new ArrayList<>());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log set in {@code local} of the default account with one subject whose lines are stored raw. */
    public TestCatalog rawSubject(String logset, String subject) {
        return rawSubject(ACCOUNT, logset, subject);
    }

    /** A log set in {@code local} of {@code account} with one subject whose lines are stored raw. */
    public TestCatalog rawSubject(String account, String logset, String subject) {
        if (logSets.list(account).stream().noneMatch(s -> s.name().equals(logset))) {
            logSets.create(account, body("{'name':'" + logset + "','region':'local'}"));
        }
        logSets.createSubject(account, logset, body("{'name':'" + subject + "'}"));
        logSets.putCollection(account, logset, subject, body("{'parser':{'type':'raw'}}"));
        return this;
    }
}
