package io.callcenter.crm;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.vaadin.flow.component.html.Div;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The module rules of STYLE.md, checked on the compiled classes of every module. */
class ArchitectureTest {

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.callcenter.crm", "io.callcenter.pbxsim");

    /** Classes compiled into the crm-core jar (or its target/classes), whatever their package. */
    static final DescribedPredicate<JavaClass> IN_CRM_CORE = inModule("crm-core");

    static ArchRule coreDependsOnNothingOuter(DescribedPredicate<JavaClass> core) {
        return noClasses().that(core).should().dependOnClassesThat().resideInAnyPackage(
                "org.asteriskjava..", "io.minio..", "com.vaadin..", "redis.clients..", "org.springframework.web..",
                "io.callcenter.crm.ui..", "io.callcenter.crm.api..", "io.callcenter.crm.platform..",
                "io.callcenter.crm.telephony..", "io.callcenter.crm.recordings..")
                .because("crm-core is the domain: no web, no telephony, no storage client, none of our outer modules");
    }

    @Test
    void coreDependsOnNoOuterModuleOrInfrastructure() {
        coreDependsOnNothingOuter(IN_CRM_CORE).check(ALL);
    }

    @Test
    void theRuleBitesOnAViolation() {
        JavaClasses offender = new ClassFileImporter().importClasses(CoreClassUsingVaadin.class, Div.class);
        DescribedPredicate<JavaClass> pretendCore = DescribedPredicate.describe("the offender",
                c -> c.isEquivalentTo(CoreClassUsingVaadin.class));

        assertThatThrownBy(() -> coreDependsOnNothingOuter(pretendCore).check(offender))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("com.vaadin");
    }

    @Test
    void onlyTheAmiPackageTalksToAsteriskJava() {
        noClasses().that().resideOutsideOfPackage("io.callcenter.crm.telephony.ami..")
                .should().dependOnClassesThat().resideInAPackage("org.asteriskjava..")
                .allowEmptyShould(true)
                .check(ALL);
    }

    @Test
    void onlyTheStoragePackageTalksToMinio() {
        noClasses().that().resideOutsideOfPackage("io.callcenter.crm.recordings.storage..")
                .should().dependOnClassesThat().resideInAPackage("io.minio..")
                .check(ALL);
    }

    @Test
    void bridgeAndRecordingsDoNotReachIntoTheUi() {
        noClasses().that(inModule("telephony-bridge").or(inModule("recordings")))
                .should().dependOnClassesThat().resideInAnyPackage("io.callcenter.crm.ui..", "io.callcenter.crm.api..",
                        "io.callcenter.crm.platform..", "com.vaadin..")
                .check(ALL);
    }

    @Test
    void theSimulatorDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.callcenter.pbxsim..")
                .should().dependOnClassesThat().resideInAPackage("io.callcenter.crm..")
                .because("the simulator stands in for Asterisk: it may only speak AMI to the CRM")
                .check(ALL);
    }

    @Test
    void onlyThePlatformPackageStartsEmbeddedServers() {
        noClasses().that().resideOutsideOfPackage("io.callcenter.crm.platform..")
                .and().resideOutsideOfPackage("io.callcenter.pbxsim..")
                .should().dependOnClassesThat().resideInAnyPackage("io.zonky..", "redis.embedded..", "org.gaul..")
                .check(ALL);
    }

    private static DescribedPredicate<JavaClass> inModule(String module) {
        return DescribedPredicate.describe("in module " + module, c -> c.getSource()
                .map(s -> s.getUri().toString())
                .filter(uri -> uri.contains("/" + module + "/target/") || uri.contains("/" + module + "-"))
                .isPresent());
    }

    /** A stand-in for a careless domain class; only the bite test imports it. */
    static class CoreClassUsingVaadin {
        Div render() {
            return new Div();
        }
    }
}
