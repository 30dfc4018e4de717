package io.logdump.catalog;

import io.logdump.core.Accounts;
import io.logdump.core.ConflictException;
import io.logdump.core.FieldError;
import io.logdump.core.NotFoundException;
import io.logdump.core.UnavailableException;
import io.logdump.core.ValidationException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configured regions and their buckets. A bucket belongs to one account ({@link BucketOwners};
 * without a recorded owner, to {@link Accounts#DEFAULT}), and an account sees and uses only its
 * own: to it, another account's bucket does not exist, except that its name cannot be taken
 * (bucket names are unique per region, as in the object store). Thread-safe.
 */
public final class Regions {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<Region> regions;
    private final BucketDirectory buckets;
    private final BucketOwners owners;
    private final Clock clock;

    public Regions(List<Region> regions, BucketDirectory buckets, BucketOwners owners, Clock clock) {
        this.regions = List.copyOf(regions);
        this.buckets = buckets;
        this.owners = owners;
        this.clock = clock;
    }

    public List<Region> list() {
        return regions;
    }

    public Optional<Region> find(String name) {
        return regions.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Region require(String name, String field) {
        return find(name).orElseThrow(() -> new NotFoundException("region '" + name + "' does not exist; the regions are "
                + regions.stream().map(Region::name).toList(), field));
    }

    /** The account's buckets in the region's object store. */
    public List<String> buckets(String account, String region) {
        require(region, "region");
        Map<String, String> owned = owners.owners(region);
        try {
            return buckets.list(region).stream().filter(b -> owned.getOrDefault(b, Accounts.DEFAULT).equals(account)).toList();
        } catch (IOException e) {
            throw unreachable(region, e);
        }
    }

    /** Whether the bucket exists in the region and belongs to the account. */
    public boolean bucketExists(String account, String region, String bucket) {
        if (!owner(region, bucket).equals(account)) {
            return false;
        }
        try {
            return buckets.exists(region, bucket);
        } catch (IOException e) {
            throw unreachable(region, e);
        }
    }

    /** The region other than {@code except} that holds the account's {@code bucket}, if any (for a precise error). */
    public Optional<String> regionHolding(String account, String bucket, String except) {
        for (Region r : regions) {
            if (!r.name().equals(except) && owner(r.name(), bucket).equals(account)) {
                try {
                    if (buckets.exists(r.name(), bucket)) {
                        return Optional.of(r.name());
                    }
                } catch (IOException ignored) {
                    // only used to make an error message more precise
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Creates a bucket of the account; creating one the account has already is not an error.
     *
     * @throws ConflictException when another account has a bucket of that name in the region (not saying which)
     */
    public void createBucket(String account, String region, String bucket) {
        List<FieldError> errors = new ArrayList<>();
        checkBucketName(bucket, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        require(region, "region");
        try {
            boolean claimedNow = owners.owner(region, bucket).isEmpty();
            if (claimedNow && !account.equals(Accounts.DEFAULT) && buckets.exists(region, bucket)) {
                throw notAvailable(region, bucket); // an unclaimed bucket of the object store is the default account's
            }
            if (!owners.claim(region, bucket, account, clock.instant()).equals(account)) {
                throw notAvailable(region, bucket);
            }
            try {
                buckets.create(region, bucket);
            } catch (IOException | RuntimeException e) {
                if (claimedNow) {
                    owners.release(region, bucket, account);
                }
                throw e;
            }
        } catch (IOException e) {
            throw unreachable(region, e);
        }
    }

    /** The account that owns a bucket name of the region: the recorded one, else the default account. */
    private String owner(String region, String bucket) {
        return owners.owner(region, bucket).orElse(Accounts.DEFAULT);
    }

    private static ConflictException notAvailable(String region, String bucket) {
        return new ConflictException("bucket name '" + bucket + "' is not available in region " + region + "; choose another", "name");
    }

    /** The S3 bucket naming rules. */
    static void checkBucketName(String name, List<FieldError> errors) {
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError("name", "is required"));
        } else if (name.length() < 3 || name.length() > 63) {
            errors.add(new FieldError("name", "must be 3 to 63 characters (it has " + name.length() + ")"));
        } else if (!BUCKET.matcher(name).matches()) {
            errors.add(new FieldError("name", "may only contain lower-case letters, digits, '.' and '-', and must begin and end with a letter or digit"));
        } else if (name.contains("..")) {
            errors.add(new FieldError("name", "must not contain two adjacent periods"));
        } else if (IP_ADDRESS.matcher(name).matches()) {
            errors.add(new FieldError("name", "must not be formatted as an IP address"));
        } else if (name.startsWith("xn--") || name.startsWith("sthree-") || name.endsWith("-s3alias") || name.endsWith("--ol-s3")) {
            errors.add(new FieldError("name", "must not use a prefix or suffix reserved by S3 (xn--, sthree-, -s3alias, --ol-s3)"));
        }
    }

    private static UnavailableException unreachable(String region, IOException e) {
        return new UnavailableException("the object store of region '" + region + "' cannot be reached: " + e.getMessage(), e);
    }
}
