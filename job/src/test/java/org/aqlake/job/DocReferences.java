package org.aqlake.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a Markdown doc (or a pom) cites, and which of it the repository lacks; one problem per line. */
final class DocReferences {

    static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```[ \\t]*$");
    static final Pattern CODE_SPAN = Pattern.compile("`([^`\n]+)`");
    static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    /** A path from the repository's root: one of its top-level folders, then anything a path holds. */
    static final Pattern REPO_PATH = Pattern.compile(
            "(?<![\\w./$:-])(?:\\./)?((?:job|config|sql|localstack|udfs|bench|\\.ci)/[\\w./-]*)");
    static final Pattern MARKDOWN_FILE = Pattern.compile("(?<![\\w./:-])([\\w.][\\w./-]*\\.md)\\b");
    /** A path followed by one of these is a pattern (a glob, a placeholder): only its folder must exist. */
    static final String PATTERN_CHARS = "*<…{$";

    private DocReferences() {
    }

    static List<String> brokenLinks(Path root, Path doc, String text) {
        String prose = CODE_SPAN.matcher(FENCE.matcher(text).replaceAll("")).replaceAll("");
        List<String> problems = new ArrayList<>();
        Matcher m = LINK.matcher(prose);
        while (m.find()) {
            String link = m.group(1);
            if (link.matches("^[a-z]+:.*")) {
                continue; // https:, mailto:
            }
            int hash = link.indexOf('#');
            String file = hash < 0 ? link : link.substring(0, hash);
            String anchor = hash < 0 ? "" : link.substring(hash + 1);
            Path target = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
            boolean ok = target.startsWith(root) && Files.exists(target)
                    && (anchor.isEmpty() || anchors(target.equals(doc) ? text : read(target)).contains(anchor));
            if (!ok) {
                problems.add(root.relativize(doc) + ": link " + link);
            }
        }
        return problems;
    }

    static List<String> missingPaths(Path root, Path doc, String text) {
        List<String> problems = new ArrayList<>();
        for (String segment : codeSegments(text)) {
            Matcher m = REPO_PATH.matcher(segment);
            while (m.find()) {
                String path = m.group(1).replaceAll("\\.+$", "");
                boolean pattern = m.end() < segment.length() && PATTERN_CHARS.indexOf(segment.charAt(m.end())) >= 0;
                if (!exists(root, root, pattern ? path.substring(0, path.lastIndexOf('/') + 1) : path)) {
                    problems.add(root.relativize(doc) + ": path " + path);
                }
            }
        }
        for (String path : fileTablePaths(text)) {
            if (!exists(root, doc.getParent(), path)) {
                problems.add(root.relativize(doc) + ": path " + path);
            }
        }
        return problems;
    }

    static List<String> missingMarkdownFiles(Path root, Path file, String text) {
        List<String> problems = new ArrayList<>();
        Matcher m = MARKDOWN_FILE.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            Path near = file.getParent().resolve(name).normalize();
            Path fromRoot = root.resolve(name).normalize();
            boolean found = (near.startsWith(root) && Files.exists(near))
                    || (fromRoot.startsWith(root) && Files.exists(fromRoot));
            if (!found) {
                problems.add(root.relativize(file) + ": names " + name);
            }
        }
        return problems;
    }

    /** The anchors GitHub gives a doc's headings: a slug each, and -1, -2, … for repeats. */
    static Set<String> anchors(String text) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(FENCE.matcher(text).replaceAll(""));
        while (m.find()) {
            String slug = slug(m.group(1));
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }

    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** Inline code spans outside fenced blocks, and the fenced blocks themselves. */
    static List<String> codeSegments(String text) {
        List<String> segments = new ArrayList<>();
        Matcher fences = FENCE.matcher(text);
        while (fences.find()) {
            segments.add(fences.group());
        }
        Matcher spans = CODE_SPAN.matcher(FENCE.matcher(text).replaceAll(""));
        while (spans.find()) {
            segments.add(spans.group(1));
        }
        return segments;
    }

    /** The backticked first cells of tables headed {@code | path |} or {@code | file |}: paths from the doc's folder. */
    static List<String> fileTablePaths(String text) {
        List<String> paths = new ArrayList<>();
        boolean inTable = false;
        for (String line : FENCE.matcher(text).replaceAll("").split("\n")) {
            if (!line.startsWith("|")) {
                inTable = false;
            } else if (line.matches("\\|\\s*(path|file)\\s*\\|.*")) {
                inTable = true;
            } else if (inTable) {
                Matcher m = CODE_SPAN.matcher(line.split("\\|")[1]);
                while (m.find()) {
                    String path = m.group(1).replaceFirst("^\\./", "");
                    if (!path.contains(" ") && path.chars().noneMatch(c -> PATTERN_CHARS.indexOf(c) >= 0)) {
                        paths.add(path);
                    }
                }
            }
        }
        return paths;
    }

    /** Whether a cited path exists; paths into generated folders (build output, local data) count as present. */
    static boolean exists(Path root, Path base, String path) {
        for (String part : path.split("/")) {
            if (DocsLinksTest.NOT_OURS.contains(part)) {
                return true;
            }
        }
        Path p = base.resolve(path).normalize();
        return p.startsWith(root) && Files.exists(p);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
