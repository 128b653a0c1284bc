package io.github.seckill.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/** The core's packages form layers without cycles; the build fails when a change adds one. */
class PackageStructureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.seckill");

    /** Every package is its own slice, the root package included. */
    private static final SliceAssignment BY_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "every package of seckill-core";
        }
    };

    @Test
    void noPackageCycles() {
        slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theRootPackageIsTheVocabularyEveryLayerSpeaks() {
        noClasses().that().resideInAPackage("io.github.seckill")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.github.seckill.admission..", "io.github.seckill.engine..", "io.github.seckill.event..",
                        "io.github.seckill.memory..", "io.github.seckill.settlement..",
                        "io.github.seckill.lifecycle..", "io.github.seckill.id..")
                .check(CORE);
    }

    @Test
    void onlyTheEngineKnowsTheEngine() {
        noClasses().that().resideOutsideOfPackage("io.github.seckill.engine..")
                .should().dependOnClassesThat().resideInAPackage("io.github.seckill.engine..")
                .check(CORE);
    }

    @Test
    void settlementAndTheLifecycleGiveBackThroughThePortOnly() {
        noClasses().that().resideInAnyPackage("io.github.seckill.settlement..", "io.github.seckill.lifecycle..")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.seckill.engine..",
                        "io.github.seckill.memory..")
                .check(CORE);
    }

    @Test
    void theSpisDoNotDependOnImplementations() {
        noClasses().that().resideInAnyPackage("io.github.seckill.admission..", "io.github.seckill.queue..",
                        "io.github.seckill.ledger..", "io.github.seckill.shard..")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.seckill.memory..",
                        "io.github.seckill.settlement..", "io.github.seckill.lifecycle..")
                .check(CORE);
    }
}
