package io.suanli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.suanli.scenario.ScenarioDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheDemoPresetWithOverridesAsAScenarioFile() throws Exception {
        Path out = dir.resolve("city.json");
        GenerateCommand.run(new String[] {
            "--preset", "demo", "--nodes", "120", "--jobs", "50", "--hours", "36", "--seed", "5",
            "--out", out.toString()});
        ScenarioDocument read = ScenarioJson.mapper().readValue(out.toFile(), ScenarioDocument.class);
        assertThat(read.nodes()).hasSize(120);
        assertThat(read.jobs()).hasSize(50);
        assertThat(read.horizonHours()).isEqualTo(36);
        assertThat(read.name()).isEqualTo("demo-city-5");
        assertThat(Files.readString(out)).contains("\"startsAt\":\"2026-11-28T00:00:00Z\"");
    }

    @Test
    void theWrittenFileIsTheGeneratedDocument() throws Exception {
        Path out = dir.resolve("demo.json");
        GenerateCommand.run(new String[] {"--preset", "demo", "--out", out.toString()});
        byte[] expected = ScenarioJson.mapper().writeValueAsBytes(new CityGenerator().generate(DemoSettings.demo()));
        assertThat(Files.readAllBytes(out)).isEqualTo(expected);
    }

    @Test
    void rejectsUnknownOptionsAndMissingOutput() {
        assertThatThrownBy(() -> GenerateCommand.run(new String[] {"--preset", "demo", "--colour", "red"}))
                .hasMessageContaining("--colour");
        assertThatThrownBy(() -> GenerateCommand.run(new String[] {"--preset", "demo"}))
                .hasMessageContaining("--out");
        assertThatThrownBy(() -> GenerateCommand.run(new String[] {"--preset", "huge", "--out", "x.json"}))
                .hasMessageContaining("huge");
        assertThatThrownBy(() -> GenerateCommand.run(new String[] {"--preset", "demo", "--nodes", "5", "--out",
                    dir.resolve("y.json").toString()}))
                .hasMessageContaining("at least");
    }
}
