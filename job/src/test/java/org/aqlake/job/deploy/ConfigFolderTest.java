package org.aqlake.job.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code config/} is published with the repository and pasted into AWS accounts: it must hold
 * placeholders, never an account id, a key or an ARN of a real account. And every file in it must be read
 * by a test through a real parser, so that none can rot unnoticed.
 */
class ConfigFolderTest {

    static final Path CONFIG_DIR = Path.of("..", "config");

    /**
     * The one 12-digit number allowed: the dummy account of the local emulators (kinesis-mock, LocalStack)
     * in {@code local.json}. AWS never issues it, so it names no real account.
     */
    static final String EMULATOR_ACCOUNT = "000000000000";

    static final Pattern TWELVE_DIGITS = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
    /** Access key ids of IAM users (AKIA) and of temporary credentials (ASIA). */
    static final Pattern ACCESS_KEY_ID = Pattern.compile("(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])");
    /** An ARN with a literal account field; ARNs in the template build theirs from ${AWS::AccountId}. */
    static final Pattern ARN_WITH_ACCOUNT = Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:");
    /** A secret access key: 40 base64 characters standing alone. */
    static final Pattern SECRET_ACCESS_KEY = Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");

    static Map<Path, String> files = new LinkedHashMap<>();

    @BeforeAll
    static void readEveryFileInConfig() throws IOException {
        try (Stream<Path> walk = Files.walk(CONFIG_DIR)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                files.put(CONFIG_DIR.relativize(f), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        assertThat(files).isNotEmpty();
    }

    @Test
    void everyFileIsAPropertyGroupFileOrTheCloudFormationTemplate() {
        // top-level *.json: property groups, loaded through the job's parser by JobConfigTest;
        // cloudformation/*.json: templates, parsed and checked by CloudFormationTemplateTest;
        // README.md: its links and paths checked by DocsLinksTest (and, like every file here, for secrets below)
        List<String> unchecked = files.keySet().stream().map(p -> p.toString().replace('\\', '/'))
                .filter(p -> !p.matches("[^/]+\\.json") && !p.equals("cloudformation/aq-lake.json")
                        && !p.equals("README.md"))
                .collect(Collectors.toList());

        assertThat(unchecked).as("files in config/ that no test reads").isEmpty();
        assertThat(files.keySet()).extracting(Path::toString)
                .contains("local.json", "managed-flink.json", Path.of("cloudformation", "aq-lake.json").toString());
    }

    @Test
    void noFileHoldsAnAccountId() {
        assertThat(findings(TWELVE_DIGITS)).allSatisfy(f -> assertThat(f).endsWith(": " + EMULATOR_ACCOUNT));
    }

    @Test
    void noFileHoldsAnAccessKeyId() {
        assertThat(findings(ACCESS_KEY_ID)).isEmpty();
    }

    @Test
    void noFileHoldsAnArnOfARealAccount() {
        assertThat(findings(ARN_WITH_ACCOUNT)).isEmpty();
    }

    @Test
    void noFileHoldsSomethingShapedLikeASecretAccessKey() {
        assertThat(findings(SECRET_ACCESS_KEY)).isEmpty();
    }

    @Test
    void theManagedFlinkPropertiesNameBucketsByPlaceholder() {
        String managed = files.get(Path.of("managed-flink.json"));

        assertThat(managed).contains("REPLACE-ME").doesNotContain("credentials", "endpoint", "secret");
    }

    @Test
    void theChecksFindWhatTheyLookFor() {
        // negative controls, so that a broken pattern cannot pass silently
        assertThat(TWELVE_DIGITS.matcher("\"123456789012\"").find()).isTrue();
        assertThat(ACCESS_KEY_ID.matcher("AKIAIOSFODNN7EXAMPLE").find()).isTrue();
        assertThat(ARN_WITH_ACCOUNT.matcher("arn:aws:iam::123456789012:role/x").find()).isTrue();
        assertThat(ARN_WITH_ACCOUNT.matcher("arn:${AWS::Partition}:s3:::bucket").find()).isFalse();
        assertThat(SECRET_ACCESS_KEY.matcher("\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"").find()).isTrue();
    }

    /** "file: match" for every match of the pattern in any file of config/. */
    static List<String> findings(Pattern pattern) {
        List<String> out = new ArrayList<>();
        files.forEach((file, text) -> {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                out.add(file + ": " + m.group());
            }
        });
        return out;
    }
}
