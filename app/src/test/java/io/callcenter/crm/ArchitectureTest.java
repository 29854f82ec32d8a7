package io.callcenter.crm;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules between capabilities that the compiler does not enforce (module dependencies already keep
 * crm-core free of web, telephony, storage and our outer modules, the simulator free of our code, and the
 * embedded servers out of every module but dev-services). Each rule is checked on the compiled classes of
 * every module, and shown to reject a class that breaks it ({@code io.callcenter.archfixtures}).
 * A capability is a package directly under {@code io.callcenter.crm}.
 */
class ArchitectureTest {

    private static final String BASE = "io.callcenter.crm";

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE, "io.callcenter.pbxsim");

    /** Each rule, for a base package: the product's, or a fixture's that breaks it. */
    static Stream<Arguments> rules() {
        return Stream.of(
                rule("no capability reaches into another's internal package", ArchitectureTest::internalsStayHome, "internals"),
                rule("no cycles between capabilities", ArchitectureTest::noCyclesBetweenCapabilities, "cycle"),
                rule("Asterisk-Java only in the AMI adapter", ArchitectureTest::asteriskJavaOnlyInTheAmiAdapter, "ami"),
                rule("MinIO only in the store adapter", ArchitectureTest::minioOnlyInTheStoreAdapter, "minio"),
                rule("the call tracker is plain Java", ArchitectureTest::theTrackerIsPlainJava, "tracker"),
                rule("Vaadin only in the consoles and their security", ArchitectureTest::vaadinOnlyInTheConsoles, "vaadin"),
                rule("REST controllers only in the API", ArchitectureTest::restControllersOnlyInTheApi, "rest"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theProductKeepsTheRule(String name, Function<String, ArchRule> rule, String fixture) {
        rule.apply(BASE).check(ALL);
    }

    @ParameterizedTest(name = "{0}: rejects a violation")
    @MethodSource("rules")
    void theRuleRejectsAViolation(String name, Function<String, ArchRule> rule, String fixture) {
        String fixtureBase = "io.callcenter.archfixtures." + fixture;
        JavaClasses offenders = new ClassFileImporter().importPackages(fixtureBase);

        assertThatThrownBy(() -> rule.apply(fixtureBase).check(offenders))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("was violated");
    }

    @Test
    void everyCapabilityIsOnTheReadmesMap() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String map = readme.substring(readme.indexOf("## Project layout"));
        Set<String> capabilities = new TreeSet<>();
        ALL.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith(BASE + "."))
                .forEach(p -> capabilities.add(capability(BASE, p)));

        assertThat(capabilities)
                .as("capabilities missing from the README's Project layout")
                .allSatisfy(c -> assertThat(map).contains("`" + c + "`"));
    }

    // ---------------------------------------------------------------------------------------------
    // the rules

    static ArchRule internalsStayHome(String base) {
        return classes().that().resideInAPackage(base + "..").should(new ArchCondition<JavaClass>(
                "use no other capability's internal package") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String own = capability(base, origin.getPackageName());
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    if (target.startsWith(base + ".") && Arrays.asList(target.split("\\.")).contains("internal")
                            && !capability(base, target).equals(own)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        });
    }

    static ArchRule noCyclesBetweenCapabilities(String base) {
        return slices().matching(base + ".(*)..").should().beFreeOfCycles();
    }

    static ArchRule asteriskJavaOnlyInTheAmiAdapter(String base) {
        return noClasses().that().resideInAPackage(base + "..").and().resideOutsideOfPackage(base + ".telephony.ami..")
                .should().dependOnClassesThat().resideInAPackage("org.asteriskjava..")
                .because("raw AMI objects never leave the adapter");
    }

    static ArchRule minioOnlyInTheStoreAdapter(String base) {
        return noClasses().that().resideInAPackage(base + "..").and().resideOutsideOfPackage(base + ".recordings.storage..")
                .should().dependOnClassesThat().resideInAPackage("io.minio..");
    }

    static ArchRule theTrackerIsPlainJava(String base) {
        return noClasses().that().resideInAPackage(base + ".telephony.tracker..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "redis.clients..", "org.asteriskjava..")
                .because("the tracker is a state machine tested by replaying captures, without a container or a store");
    }

    static ArchRule vaadinOnlyInTheConsoles(String base) {
        return noClasses().that().resideInAPackage(base + "..")
                .and().resideOutsideOfPackages(base + ".ui..", base + ".security..")
                .should().dependOnClassesThat().resideInAPackage("com.vaadin..");
    }

    static ArchRule restControllersOnlyInTheApi(String base) {
        return classes().that().resideInAPackage(base + "..").and().areAnnotatedWith(RestController.class)
                .should().resideInAPackage(base + ".api..")
                .allowEmptyShould(true);
    }

    private static String capability(String base, String packageName) {
        String rest = packageName.length() > base.length() ? packageName.substring(base.length() + 1) : "";
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static Arguments rule(String name, Function<String, ArchRule> rule, String fixture) {
        return Arguments.of(name, rule, fixture);
    }
}
