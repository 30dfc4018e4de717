package io.logdump.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The client talks to the server over HTTP only: it knows no other Logdump package. */
class CliArchitectureTest {
    @Test
    void cliDependsOnNoOtherLogdumpPackage() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.logdump");
        noClasses().that().resideInAPackage("io.logdump.cli..")
                .should().dependOnClassesThat(resideInAPackage("io.logdump..").and(not(resideInAPackage("io.logdump.cli.."))))
                .check(classes);
    }
}
