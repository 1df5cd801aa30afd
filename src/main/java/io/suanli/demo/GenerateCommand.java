package io.suanli.demo;

import io.suanli.scenario.ScenarioDocument;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command line: writes a generated demo city as a scenario file.
 *
 * <pre>GenerateCommand --preset demo|scale [--nodes N] [--jobs J] [--hours H] [--seed S] --out FILE.json</pre>
 */
public final class GenerateCommand {

    private static final String USAGE =
            "usage: GenerateCommand --preset demo|scale [--nodes N] [--jobs J] [--hours H] [--seed S] --out FILE.json";

    private GenerateCommand() {}

    public static void main(String[] args) throws IOException {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /** Parses the arguments, generates and writes; returns the file written. */
    static Path run(String[] args) throws IOException {
        DemoSettings settings = null;
        Integer nodes = null;
        Integer jobs = null;
        Integer hours = null;
        Long seed = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--preset" -> settings = DemoSettings.preset(value);
                case "--nodes" -> nodes = parseInt(flag, value);
                case "--jobs" -> jobs = parseInt(flag, value);
                case "--hours" -> hours = parseInt(flag, value);
                case "--seed" -> seed = parseLong(flag, value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (settings == null || out == null) {
            throw new IllegalArgumentException("--preset and --out are required");
        }
        settings = nodes == null ? settings : settings.withNodes(nodes);
        settings = jobs == null ? settings : settings.withJobs(jobs);
        settings = hours == null ? settings : settings.withHorizonHours(hours);
        settings = seed == null ? settings : settings.withSeed(seed);
        ScenarioDocument document = new CityGenerator().generate(settings);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream stream = Files.newOutputStream(out)) {
            ScenarioJson.mapper().writeValue(stream, document);
        }
        System.out.printf("wrote %s: %d regions, %d sites, %d nodes, %d jobs, %d h%n", out,
                document.regions().size(), document.sites().size(), document.nodes().size(),
                document.jobs().size(), document.horizonHours());
        return out;
    }

    private static int parseInt(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, got '" + value + "'");
        }
    }

    private static long parseLong(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, got '" + value + "'");
        }
    }
}
