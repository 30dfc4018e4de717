package io.logdump.catalog;

import io.logdump.core.FieldError;
import io.logdump.core.NotFoundException;
import io.logdump.core.UnavailableException;
import io.logdump.core.ValidationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The configured regions and their buckets. Thread-safe. */
public final class Regions {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<Region> regions;
    private final BucketDirectory buckets;

    public Regions(List<Region> regions, BucketDirectory buckets) {
        this.regions = List.copyOf(regions);
        this.buckets = buckets;
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

    public List<String> buckets(String region) {
        require(region, "region");
        try {
            return buckets.list(region);
        } catch (IOException e) {
            throw unreachable(region, e);
        }
    }

    public boolean bucketExists(String region, String bucket) {
        try {
            return buckets.exists(region, bucket);
        } catch (IOException e) {
            throw unreachable(region, e);
        }
    }

    /** The region other than {@code except} that holds {@code bucket}, if any (for a precise error). */
    public Optional<String> regionHolding(String bucket, String except) {
        for (Region r : regions) {
            if (!r.name().equals(except)) {
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

    public void createBucket(String region, String bucket) {
        List<FieldError> errors = new ArrayList<>();
        checkBucketName(bucket, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        require(region, "region");
        try {
            buckets.create(region, bucket);
        } catch (IOException e) {
            throw unreachable(region, e);
        }
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
