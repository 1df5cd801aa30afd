package io.suanli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.suanli.scenario.ScenarioDocument;
import io.suanli.scenario.ScenarioDocument.Latency;
import io.suanli.scenario.ScenarioDocument.Node;
import io.suanli.scenario.ScenarioDocument.Region;
import io.suanli.scenario.ScenarioDocument.Site;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CityGeneratorTest {

    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final int MAX_PRICE_DECIMALS = 6;
    /** The catalog refuses longer display names. */
    private static final int MAX_DISPLAY_NAME = 200;

    private static ScenarioDocument demo;

    @BeforeAll
    static void generateDemo() {
        demo = new CityGenerator().generate(DemoSettings.demo());
    }

    @Test
    void sameSeedGivesByteIdenticalJson() throws Exception {
        byte[] first = ScenarioJson.mapper().writeValueAsBytes(new CityGenerator().generate(DemoSettings.demo()));
        byte[] second = ScenarioJson.mapper().writeValueAsBytes(new CityGenerator().generate(DemoSettings.demo()));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void anotherSeedGivesAnotherCity() throws Exception {
        byte[] first = ScenarioJson.mapper().writeValueAsBytes(demo);
        byte[] other = ScenarioJson.mapper().writeValueAsBytes(
                new CityGenerator().generate(DemoSettings.demo().withSeed(7)));
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void demoPresetHasTheRequestedSizes() {
        assertThat(demo.format()).isEqualTo(ScenarioDocument.FORMAT);
        assertThat(demo.nodes()).hasSize(300);
        assertThat(demo.jobs()).hasSize(800);
        assertThat(demo.horizonHours()).isEqualTo(24);
        assertThat(demo.regions()).extracting(Region::id).containsExactly(
                "city", "yangtze", "jingjinji", "gba", "chengyu", "neimenggu", "guizhou", "gansu", "ningxia");
        assertThat(demo.tenants()).extracting(ScenarioDocument.Tenant::id)
                .containsExactly("transport", "health", "ai-lab", "twin", "ecology", "finance");
    }

    @Test
    void everyIdIsUniqueWithinItsList() {
        assertUnique(demo.regions().stream().map(Region::id));
        assertUnique(demo.sites().stream().map(Site::id));
        assertUnique(demo.nodes().stream().map(Node::id));
        assertUnique(demo.tenants().stream().map(ScenarioDocument.Tenant::id));
        assertUnique(demo.jobs().stream().map(ScenarioDocument.Job::id));
    }

    @Test
    void everyReferenceResolves() {
        Set<String> regions = ids(demo.regions(), Region::id);
        Set<String> sites = ids(demo.sites(), Site::id);
        Set<String> tenants = ids(demo.tenants(), ScenarioDocument.Tenant::id);
        assertThat(demo.sites()).allSatisfy(s -> assertThat(regions).contains(s.region()));
        assertThat(demo.nodes()).allSatisfy(n -> assertThat(sites).contains(n.site()));
        assertThat(demo.latency()).allSatisfy(l -> assertThat(sites).contains(l.from(), l.to()));
        assertThat(demo.jobs()).allSatisfy(j -> {
            assertThat(tenants).contains(j.tenant());
            if (j.dataSite() != null) {
                assertThat(sites).contains(j.dataSite());
            }
            if (j.allowedRegions() != null) {
                assertThat(regions).containsAll(j.allowedRegions());
            }
        });
    }

    @Test
    void tenantSiteAndRegionNamesAreDns1123Labels() {
        Stream.of(ids(demo.tenants(), ScenarioDocument.Tenant::id), ids(demo.sites(), Site::id),
                        ids(demo.regions(), Region::id))
                .flatMap(Set::stream)
                .forEach(id -> assertThat(id).matches(DNS_1123_LABEL));
    }

    @Test
    void nodeIdsAreDns1123LabelsAndDisplayNamesAreShort() {
        assertThat(demo.nodes()).allSatisfy(n -> assertThat(n.id()).matches(DNS_1123_LABEL));
        assertThat(demo.sites()).allSatisfy(s -> assertThat(s.name()).hasSizeLessThanOrEqualTo(MAX_DISPLAY_NAME));
        assertThat(demo.regions()).allSatisfy(r -> assertThat(r.name()).hasSizeLessThanOrEqualTo(MAX_DISPLAY_NAME));
    }

    @Test
    void regionNamesCarryChineseAndEnglish() {
        assertThat(demo.regions()).allSatisfy(r -> assertThat(r.name()).matches(".*\\p{IsHan}.*[A-Za-z].*"));
    }

    @Test
    void carbonSeriesHaveOneValuePerHourFromTheGridFactor() {
        for (Hub hub : Hub.values()) {
            List<Double> series = region(hub.id).carbonIntensity();
            assertThat(series).hasSize(24);
            double mean = series.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertThat(mean).as(hub.id).isBetween(hub.gridFactor * 1000 * 0.85, hub.gridFactor * 1000 * 1.15);
        }
    }

    @Test
    void carbonDipsAtMiddayAndDipsDeeperInTheWest() {
        double eastDip = middayDip("yangtze");
        double westDip = middayDip("gansu");
        for (Hub hub : Hub.values()) {
            assertThat(middayDip(hub.id)).as(hub.id).isLessThan(0.97);
        }
        assertThat(westDip).isLessThan(eastDip);
    }

    /** Mean of local 11:00-14:00 over mean of local 20:00-23:00. */
    private static double middayDip(String regionId) {
        List<Double> series = region(regionId).carbonIntensity();
        int first = demo.startsAt().atZone(ZoneId.of("Asia/Shanghai")).getHour();
        double midday = 0;
        double evening = 0;
        for (int h = 0; h < series.size(); h++) {
            int local = (first + h) % 24;
            if (local >= 11 && local <= 14) {
                midday += series.get(h) / 4;
            } else if (local >= 20 && local <= 23) {
                evening += series.get(h) / 4;
            }
        }
        return midday / evening;
    }

    @Test
    void longerHorizonsGetOneCarbonValuePerHour() {
        ScenarioDocument twoDays = new CityGenerator().generate(DemoSettings.demo().withHorizonHours(48).withJobs(0));
        assertThat(twoDays.regions()).allSatisfy(r -> assertThat(r.carbonIntensity()).hasSize(48));
        List<Double> city = twoDays.regions().get(0).carbonIntensity();
        assertThat(city.subList(0, 24)).isNotEqualTo(city.subList(24, 48));
    }

    @Test
    void pricesHaveAtMostSixDecimalsAndTheWestIsCheaper() {
        assertThat(demo.nodes()).allSatisfy(n -> {
            assertThat(decimals(n.pricePerHour().cpuCore())).isLessThanOrEqualTo(MAX_PRICE_DECIMALS);
            assertThat(decimals(n.pricePerHour().memoryGiB())).isLessThanOrEqualTo(MAX_PRICE_DECIMALS);
            assertThat(decimals(n.pricePerHour().gpu())).isLessThanOrEqualTo(MAX_PRICE_DECIMALS);
            assertThat(n.pricePerHour().cpuCore()).isPositive();
        });
        assertThat(demo.jobs()).filteredOn(j -> j.maxPricePerHour() != null)
                .allSatisfy(j -> assertThat(j.maxPricePerHour().scale()).isLessThanOrEqualTo(MAX_PRICE_DECIMALS));
        assertThat(maxCorePrice("ningxia-gen-1")).isLessThan(minCorePrice("city-gen-1"));
    }

    @Test
    void gpuNodesUseTheKnownModelsAndEdgeOnlyL40s() {
        Map<String, Site> sites = demo.sites().stream().collect(Collectors.toMap(Site::id, Function.identity()));
        assertThat(demo.nodes()).allSatisfy(n -> {
            if (n.gpus() == 0) {
                assertThat(n.gpuModel()).isNull();
            } else {
                assertThat(n.gpuModel()).isIn("H100", "A100", "Ascend910B", "L40S");
            }
            if ("EDGE".equals(sites.get(n.site()).tier()) && n.gpus() > 0) {
                assertThat(n.gpuModel()).isEqualTo("L40S");
            }
        });
        assertThat(demo.nodes()).extracting(Node::gpuModel).contains("H100", "A100", "Ascend910B", "L40S", null);
    }

    @Test
    void pueIsLowestInTheWestAndHighestAtTheEdge() {
        Map<Boolean, List<Site>> westOrNot = demo.sites().stream().filter(s -> !"EDGE".equals(s.tier()))
                .collect(Collectors.partitioningBy(s -> Set.of("neimenggu", "guizhou", "gansu", "ningxia")
                        .contains(s.region())));
        double worstWest = westOrNot.get(true).stream().mapToDouble(Site::pue).max().orElseThrow();
        double bestEast = westOrNot.get(false).stream().mapToDouble(Site::pue).min().orElseThrow();
        double bestEdge = demo.sites().stream().filter(s -> "EDGE".equals(s.tier())).mapToDouble(Site::pue)
                .min().orElseThrow();
        assertThat(worstWest).isLessThan(bestEast);
        assertThat(bestEdge).isGreaterThan(demo.sites().stream().filter(s -> !"EDGE".equals(s.tier()))
                .mapToDouble(Site::pue).max().orElseThrow());
        assertThat(demo.sites()).extracting(Site::tier)
                .contains("GENERAL", "SUPERCOMPUTING", "INTELLIGENT", "EDGE");
    }

    @Test
    void latencyHasOneEntryPerPairOfSites() {
        int n = demo.sites().size();
        assertThat(demo.latency()).hasSize(n * (n - 1) / 2);
        Set<String> pairs = new HashSet<>();
        for (Latency l : demo.latency()) {
            assertThat(l.from()).isNotEqualTo(l.to());
            assertThat(pairs.add(l.from() + "|" + l.to())).isTrue();
            assertThat(pairs.add(l.to() + "|" + l.from())).isTrue();
        }
    }

    @Test
    void latencyFollowsThePublishedFigures() {
        assertThat(ms("city-edge-1", "city-edge-2")).isBetween(0.5, 1.5);
        assertThat(ms("city-edge-1", "yangtze-ai-1")).isBetween(4.0, 6.0);
        assertThat(ms("jingjinji-ai-1", "gba-ai-1")).isBetween(10.0, 25.0);
        assertThat(ms("city-edge-1", "ningxia-gen-1")).isGreaterThan(ms("city-edge-1", "gba-ai-1"));
        Map<String, String> regionOf = demo.sites().stream().collect(Collectors.toMap(Site::id, Site::region));
        assertThat(demo.latency()).allSatisfy(l -> {
            String a = regionOf.get(l.from());
            String b = regionOf.get(l.to());
            boolean nearby = a.equals(b) || Set.of(a, b).equals(Set.of("city", "yangtze"));
            if (!nearby) {
                assertThat(l.ms()).isBetween(10.0, 25.0);
            }
        });
    }

    @Test
    void scalePresetSizesAreExactAndQuick() {
        long started = System.nanoTime();
        ScenarioDocument scale = new CityGenerator().generate(DemoSettings.scale());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(scale.nodes()).hasSize(10_000);
        assertThat(scale.jobs()).hasSize(100_000);
        assertThat(scale.horizonHours()).isEqualTo(48);
        assertThat(scale.regions()).allSatisfy(r -> assertThat(r.carbonIntensity()).hasSize(48));
        assertUnique(scale.sites().stream().map(Site::id));
        assertUnique(scale.nodes().stream().map(Node::id));
        assertUnique(scale.jobs().stream().map(ScenarioDocument.Job::id));
        assertThat(millis).as("generation time in ms").isLessThan(10_000);
        PlacementCheck check = new PlacementCheck(scale);
        // every 97th job: a spread sample of all kinds, cheaper than checking 100,000 jobs
        for (int i = 0; i < scale.jobs().size(); i += 97) {
            ScenarioDocument.Job job = scale.jobs().get(i);
            assertThat(check.whyNot(job)).as(job.toString()).isNull();
        }
    }

    @Test
    void everyDemoJobFitsSomeNodeUnderItsOwnRules() {
        PlacementCheck check = new PlacementCheck(demo);
        assertThat(demo.jobs()).allSatisfy(j -> assertThat(check.whyNot(j)).as(j.toString()).isNull());
    }

    @Test
    void theMixHasEveryKindOfDepartmentWork() {
        assertThat(demo.jobs()).anySatisfy(j -> assertThat(j.tasks() > 1 && j.gpus() >= 4).isTrue());
        assertThat(demo.jobs())
                .anySatisfy(j -> assertThat(j.tasks() > 1 && j.gpus() == 0 && j.cpuCores() > 128).isTrue());
        assertThat(demo.jobs()).anySatisfy(j -> assertThat(j.allowedRegions()).isNotNull());
        assertThat(demo.jobs()).anySatisfy(j -> assertThat(j.maxLatencyMs()).isNotNull().isLessThanOrEqualTo(3.0));
        assertThat(demo.jobs()).anySatisfy(j -> assertThat(j.maxPricePerHour()).isNotNull());
        assertThat(demo.jobs()).extracting(ScenarioDocument.Job::tenant).containsAll(
                ids(demo.tenants(), ScenarioDocument.Tenant::id));
    }

    private static int decimals(BigDecimal value) {
        return value.stripTrailingZeros().scale();
    }

    private static double ms(String a, String b) {
        return demo.latency().stream()
                .filter(l -> (l.from().equals(a) && l.to().equals(b)) || (l.from().equals(b) && l.to().equals(a)))
                .findFirst().orElseThrow().ms();
    }

    private static BigDecimal maxCorePrice(String site) {
        return demo.nodes().stream().filter(n -> n.site().equals(site)).map(n -> n.pricePerHour().cpuCore())
                .max(BigDecimal::compareTo).orElseThrow();
    }

    private static BigDecimal minCorePrice(String site) {
        return demo.nodes().stream().filter(n -> n.site().equals(site)).map(n -> n.pricePerHour().cpuCore())
                .min(BigDecimal::compareTo).orElseThrow();
    }

    private static Region region(String id) {
        return demo.regions().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private static <T> Set<String> ids(List<T> items, Function<T, String> id) {
        return items.stream().map(id).collect(Collectors.toSet());
    }

    private static void assertUnique(Stream<String> ids) {
        List<String> list = ids.toList();
        assertThat(new HashSet<>(list)).hasSameSizeAs(list);
    }
}
