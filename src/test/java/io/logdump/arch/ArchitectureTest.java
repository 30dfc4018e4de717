package io.logdump.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the README's architecture section: dependencies point inwards, and each
 * third-party library stays in the package that needs it.
 */
class ArchitectureTest {
    private static final String ROOT = "io.logdump.";
    /** package → the internal packages it may use besides itself. */
    private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry("core", List.of()),
            Map.entry("codec", List.of()),
            Map.entry("catalog", List.of("core")),
            Map.entry("history", List.of("core")),
            Map.entry("store", List.of("core")),
            Map.entry("format", List.of("core")),
            Map.entry("objectstore", List.of("core")),
            Map.entry("ingest", List.of("catalog", "store", "core")),
            Map.entry("dump", List.of("catalog", "store", "format", "codec", "objectstore", "history", "core")),
            Map.entry("verify", List.of("catalog", "store", "format", "codec", "objectstore", "history", "core")),
            Map.entry("auth", List.of("core")),
            Map.entry("shippers", List.of("ingest", "core")),
            Map.entry("api", List.of("auth", "catalog", "ingest", "dump", "history", "verify", "shippers", "core")),
            Map.entry("metrics", List.of("catalog", "ingest", "history", "objectstore", "core")),
            Map.entry("cli", List.of()),
            Map.entry("bench", List.of("store", "codec", "core")));

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.logdump");
    }

    static List<String> packages() {
        return new ArrayList<>(ALLOWED.keySet());
    }

    @ParameterizedTest
    @MethodSource("packages")
    void dependsOnlyOnThePackagesItMayUse(String pkg) {
        List<String> allowed = new ArrayList<>();
        allowed.add(ROOT + pkg + "..");
        ALLOWED.get(pkg).forEach(p -> allowed.add(ROOT + p + ".."));
        noClasses().that().resideInAPackage(ROOT + pkg + "..")
                .should().dependOnClassesThat(resideInAPackage("io.logdump..").and(
                        com.tngtech.archunit.base.DescribedPredicate.not(resideInAnyPackage(allowed.toArray(String[]::new)))))
                .because(pkg + " may use only " + ALLOWED.get(pkg))
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void javalinStaysInApiAndApp() {
        thirdParty("io.javalin..", "io.logdump.api..", "io.logdump.app..");
    }

    @Test
    void theAwsSdkStaysInObjectstoreS3() {
        thirdParty("software.amazon.awssdk..", "io.logdump.objectstore.s3..");
    }

    @Test
    void kafkaStaysInStoreKafka() {
        thirdParty("org.apache.kafka..", "io.logdump.store.kafka..");
    }

    @Test
    void jdbcStaysInJdbcPackages() {
        for (String lib : List.of("java.sql..", "javax.sql..", "org.jdbi..", "org.flywaydb..", "org.sqlite..", "org.postgresql..")) {
            noClasses().that().resideOutsideOfPackage("io.logdump..jdbc..")
                    .should().dependOnClassesThat().resideInAPackage(lib)
                    .because("the metadata database is reached only from *.jdbc packages")
                    .check(classes);
        }
    }

    @Test
    void theRegexEngineStaysInCatalog() {
        thirdParty("com.google.re2j..", "io.logdump.catalog..");
    }

    @Test
    void parquetStaysInFormatParquet() {
        thirdParty("org.apache.parquet..", "io.logdump.format.parquet..");
    }

    @Test
    void noClassUsesHadoop() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.hadoop..")
                .because("Parquet files are written without Hadoop, which is not on the run-time class path")
                .check(classes);
    }

    @Test
    void compressionLibrariesStayInCodecAndParquetPages() {
        for (String lib : List.of("com.github.luben.zstd..", "org.xerial.snappy..", "net.jpountz..")) {
            thirdParty(lib, "io.logdump.codec..", "io.logdump.format.parquet..");
        }
    }

    @Test
    void protobufAndTheOtlpMessagesStayInShippersOtlp() {
        thirdParty("com.google.protobuf..", "io.logdump.shippers.otlp..");
        thirdParty("io.opentelemetry.proto..", "io.logdump.shippers.otlp..");
    }

    @Test
    void micrometerStaysInMetrics() {
        thirdParty("io.micrometer..", "io.logdump.metrics..");
    }

    @Test
    void bouncyCastleStaysInAppAndAuth() {
        thirdParty("org.bouncycastle..", "io.logdump.app..", "io.logdump.auth"); // TLS files; Argon2id
    }

    @Test
    void picocliStaysInTheCommandPackages() {
        thirdParty("picocli..", "io.logdump.cli..", "io.logdump.app..", "io.logdump.bench..");
    }

    private static void thirdParty(String library, String... owners) {
        noClasses().that().resideOutsideOfPackages(owners)
                .should().dependOnClassesThat().resideInAPackage(library)
                .because(library + " belongs to " + String.join(", ", owners))
                .check(classes);
    }
}
