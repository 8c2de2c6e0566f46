package dev.starling.visualizer.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WebAssetsTest {

    private final WebAssets assets = new WebAssets();

    @Test
    void everyAssetIsOnTheClasspathIncludingThePinnedCytoscape() {
        assertThat(assets.cytoscapeVersion()).isEqualTo("3.33.1");
        assertThat(assets.cytoscapeResource())
                .isEqualTo("META-INF/resources/webjars/cytoscape/3.33.1/dist/cytoscape.min.js");
        assertThat(assets.all())
                .extracting(WebAssets.Asset::urlPath)
                .containsExactly("/", "/app.js", "/style.css", "/webjars/cytoscape/cytoscape.min.js");
        for (WebAssets.Asset a : assets.all()) {
            assertThat(assets.read(a)).as(a.resource()).isNotEmpty();
        }
    }

    @Test
    void everythingTheIndexReferencesResolves() {
        String html = new String(assets.read(assets.resolve("/").orElseThrow()), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int refs = 0;
        while (m.find()) {
            if (m.group(1).equals("/call")) {
                continue; // the node's call page, served beside the view by the node itself
            }
            refs++;
            assertThat(assets.resolve("/" + m.group(1))).as(m.group(1)).isPresent();
        }
        assertThat(refs).isEqualTo(3);
        assertThat(html).contains("href=\"/call\"");
    }

    @Test
    void onlyWhitelistedPathsResolve() {
        assertThat(assets.resolve("")).map(WebAssets.Asset::resource).contains(assets.indexResource());
        assertThat(assets.resolve("/../../etc/passwd")).isEmpty();
        assertThat(assets.resolve("/dev/starling/visualizer/web/app.js")).isEmpty();
        assertThat(assets.resolve("/webjars/cytoscape/3.33.1/dist/cytoscape.min.js"))
                .isEmpty();
    }

    @Test
    void scriptNeverWritesMarkupFromStrings() {
        String js = new String(assets.read(assets.resolve("/app.js").orElseThrow()), StandardCharsets.UTF_8);
        assertThat(js).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
    }
}
