package org.aqlake.tools;

import org.apache.flink.shaded.asm9.org.objectweb.asm.ClassReader;
import org.apache.flink.shaded.asm9.org.objectweb.asm.ClassWriter;
import org.apache.flink.shaded.asm9.org.objectweb.asm.commons.ClassRemapper;
import org.apache.flink.shaded.asm9.org.objectweb.asm.commons.Remapper;

import org.aqlake.tools.cli.AqLakeCli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tools run the job only as a jar submitted to a cluster: no class of theirs uses a class of the job,
 * which is not on their class path. Names they share with the job are compile-time constants, which the
 * compiler copies into the tools' classes (it also notes their class in the constant pool, where no
 * instruction resolves it, so the check reads the classes' structure and code, not their raw bytes).
 */
class ToolsNeverLoadTheJobTest {

    static final String JOB_PACKAGE = "org/aqlake/job/";

    @Test
    void noClassOfTheToolsUsesAClassOfTheJob() throws Exception {
        Path classes = Path.of(AqLakeCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> all;
        try (Stream<Path> s = Files.walk(classes)) {
            all = s.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
        Set<String> used = new TreeSet<>();
        for (Path c : all) {
            used.addAll(jobClassesUsedBy(c));
        }

        assertThat(all).as("the tools' classes under %s", classes).hasSizeGreaterThan(20);
        assertThat(used).isEmpty();
    }

    @Test
    void theCheckSeesAJobClassThatIsUsed() throws Exception {
        Path test = Path.of(getClass().getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/aqlake/tools/local/LakeSummaryTest.class");

        assertThat(jobClassesUsedBy(test)).contains("org/aqlake/job/model/ErrorType");
    }

    /** Every type a class names in its signatures, code, constants it loads and annotations. */
    static Set<String> jobClassesUsedBy(Path classFile) throws IOException {
        Set<String> used = new TreeSet<>();
        Remapper collector = new Remapper() {
            @Override
            public String map(String internalName) {
                if (internalName.startsWith(JOB_PACKAGE)) {
                    used.add(internalName);
                }
                return internalName;
            }
        };
        new ClassReader(Files.readAllBytes(classFile)).accept(new ClassRemapper(new ClassWriter(0), collector), 0);
        return used;
    }
}
