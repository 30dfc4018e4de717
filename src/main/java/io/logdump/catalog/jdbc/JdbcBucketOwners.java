package io.logdump.catalog.jdbc;

import io.logdump.catalog.BucketOwners;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The owners of buckets in the metadata database's {@code buckets} table, whose key (region,
 * name) lets one account at most claim a name, also when two ask at once. Thread-safe.
 */
public final class JdbcBucketOwners implements BucketOwners {
    private final Jdbi jdbi;

    public JdbcBucketOwners(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Map<String, String> owners(String region) {
        return jdbi.withHandle(h -> {
            Map<String, String> owners = new HashMap<>();
            h.createQuery("SELECT name, account FROM buckets WHERE region = ?").bind(0, region)
                    .map((rs, ctx) -> owners.put(rs.getString(1), rs.getString(2))).list();
            return owners;
        });
    }

    @Override
    public Optional<String> owner(String region, String bucket) {
        return jdbi.withHandle(h -> h.createQuery("SELECT account FROM buckets WHERE region = ? AND name = ?")
                .bind(0, region).bind(1, bucket).mapTo(String.class).findOne());
    }

    @Override
    public String claim(String region, String bucket, String account, Instant now) {
        Optional<String> owner = owner(region, bucket);
        if (owner.isPresent()) {
            return owner.get();
        }
        try {
            jdbi.useHandle(h -> h.execute("INSERT INTO buckets (region, name, account, created_at) VALUES (?, ?, ?, ?)",
                    region, bucket, account, now.toEpochMilli()));
            return account;
        } catch (JdbiException e) { // the key refused it: a claim of the same name came first
            return owner(region, bucket).orElseThrow(() -> e);
        }
    }

    @Override
    public void release(String region, String bucket, String account) {
        jdbi.useHandle(h -> h.execute("DELETE FROM buckets WHERE region = ? AND name = ? AND account = ?", region, bucket, account));
    }
}
