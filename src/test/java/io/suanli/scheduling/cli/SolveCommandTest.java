package io.suanli.scheduling.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.scenario.ResultDocument;
import io.suanli.scheduling.ScenarioSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolveCommandTest {
    private static final String TINY = "src/test/resources/scenarios/tiny-1.json";

    @Test
    void writesAValidResultAndPrintsProgressAndExplanations(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("result.json");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code = SolveCommand.run(new String[] {"--scenario", TINY, "--steps", "200", "--seed", "4", "--out", out.toString(),
                "--explain", "j-000001"}, new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);

        assertThat(code).isZero();
        ResultDocument result = ScenarioSnapshots.mapper().readValue(out.toFile(), ResultDocument.class);
        assertThat(result.format()).isEqualTo(ResultDocument.FORMAT);
        assertThat(result.scenario()).isEqualTo("tiny-1");
        assertThat(result.assignments().size() + result.unassigned().size()).isEqualTo(30);
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("best 0hard/", "hard rules checked: valid", "\"job\" : \"j-000001\"");
        // each line names the search that found it (which one reports first is a matter of timing)
        assertThat(printed).containsPattern("best 0hard/774medium\\S*  \\((plain|guided) search");
    }

    @Test
    void rejectsMissingArgumentsWithExitCode2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SolveCommand.run(new String[] {"--scenario", TINY}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: solve");
    }

    @Test
    void searchesAtTruePricesOnlyWithContentionWeightZeroAndRejectsANegativeWeight(@TempDir Path dir) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code = SolveCommand.run(new String[] {"--scenario", TINY, "--steps", "100", "--contention-weight", "0", "--out",
                dir.resolve("r.json").toString()}, new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("(plain search)").doesNotContain("guided search");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        code = SolveCommand.run(new String[] {"--scenario", TINY, "--steps", "1", "--contention-weight", "-1", "--out",
                dir.resolve("r2.json").toString()}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--contention-weight must be 0 or more");
    }

    @Test
    void rejectsUnreadableScenarioWithExitCode2(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"suanli-scenario/1\", \"name\": \"x\", \"horizonHours\": 4, \"carbonPricePerTonne\": 1,"
                + " \"regions\": [], \"sites\": [{\"id\": \"s\", \"region\": \"nowhere\", \"tier\": \"EDGE\", \"pue\": 1.1}], \"nodes\": [], \"jobs\": []}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SolveCommand.run(new String[] {"--scenario", bad.toString(), "--steps", "1", "--out", dir.resolve("r.json").toString()},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("site s: region nowhere is not known");
    }
}
