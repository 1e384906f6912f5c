package io.vigil.core.fix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.version.VersionSchemes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Each ecosystem's snippet or command, held to the syntax its tool documents (the {@code reference}
 * of each): the exact text for a real package, then its structure checked the way the tool reads it
 * (XML and JSON parsed, names and versions against the documented grammars and core's version
 * schemes).
 */
class ForcedUpgradesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<ForcedUpgrade> of(String purl, String version, String reason) {
    return ForcedUpgrades.of(PackageIdentity.fromPurl(purl).orElseThrow(), version, reason);
  }

  private static ForcedUpgrade tool(List<ForcedUpgrade> all, String tool) {
    return all.stream().filter(f -> f.tool().equals(tool)).findFirst().orElseThrow();
  }

  private static Element xml(String fragment) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document d =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(fragment.getBytes(StandardCharsets.UTF_8)));
    return d.getDocumentElement();
  }

  private static String text(Element parent, String path) {
    Element e = parent;
    for (String name : path.split("/")) {
      e = (Element) e.getElementsByTagName(name).item(0);
    }
    return e.getTextContent();
  }

  @Test
  void shouldManageTheVersionInAMavenPom() throws Exception {
    ForcedUpgrade maven =
        tool(of("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "2.17.1", null), "maven");

    assertThat(maven.file()).isEqualTo("pom.xml");
    assertThat(maven.text())
        .isEqualTo(
            """
            <dependencyManagement>
              <dependencies>
                <dependency>
                  <groupId>org.apache.logging.log4j</groupId>
                  <artifactId>log4j-core</artifactId>
                  <version>2.17.1</version>
                </dependency>
              </dependencies>
            </dependencyManagement>
            """);
    // the POM model:
    // project/dependencyManagement/dependencies/dependency{groupId,artifactId,version}
    Element dm = xml(maven.text());
    assertThat(dm.getTagName()).isEqualTo("dependencyManagement");
    assertThat(text(dm, "dependencies/dependency/groupId")).isEqualTo("org.apache.logging.log4j");
    assertThat(text(dm, "dependencies/dependency/artifactId")).isEqualTo("log4j-core");
    assertThat(text(dm, "dependencies/dependency/version")).isEqualTo("2.17.1");
  }

  @Test
  void shouldConstrainTheVersionInAGradleKotlinBuild() {
    ForcedUpgrade gradle =
        tool(
            of(
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                "2.17.1",
                "CVE-2021-44228 and 3 more"),
            "gradle");

    assertThat(gradle.file()).isEqualTo("build.gradle.kts");
    assertThat(gradle.text())
        .isEqualTo(
            """
            dependencies {
                constraints {
                    implementation("org.apache.logging.log4j:log4j-core:2.17.1") {
                        because("CVE-2021-44228 and 3 more")
                    }
                }
            }
            """);
    // Gradle's documented form: constraints { <configuration>("group:name:version") { because(...)
    // } }
    assertThat(gradle.text())
        .containsPattern(
            Pattern.compile(
                "dependencies \\{\\s+constraints \\{\\s+implementation\\(\"[^:\"]+:[^:\"]+:[^:\"]+\"\\)"
                    + " \\{\\s+because\\(\"[^\"]*\"\\)\\s+}\\s+}\\s+}\\s*",
                Pattern.DOTALL));
    assertThat(tool(of("pkg:maven/g/a@1", "2", null), "gradle").text())
        .contains("implementation(\"g:a:2\")\n    }");
  }

  @Test
  void shouldOverrideThePackageForNpmAndResolveItForYarn() throws Exception {
    List<ForcedUpgrade> npm = of("pkg:npm/%40babel/traverse@7.22.0", "7.23.2", null);

    ForcedUpgrade overrides = tool(npm, "npm");
    ForcedUpgrade resolutions = tool(npm, "yarn");
    assertThat(overrides.file()).isEqualTo("package.json");
    // package.json: "overrides" maps a package name to the version every instance gets
    JsonNode o = JSON.readTree(overrides.text());
    assertThat(o.size()).isOne();
    assertThat(o.path("overrides").path("@babel/traverse").asText()).isEqualTo("7.23.2");
    // Yarn: "resolutions" maps a package name (pattern) to a version
    JsonNode r = JSON.readTree(resolutions.text());
    assertThat(r.path("resolutions").path("@babel/traverse").asText()).isEqualTo("7.23.2");
    assertThat(VersionSchemes.forEcosystem("npm").orElseThrow().parse("7.23.2").isValid()).isTrue();
  }

  @Test
  void shouldWriteAPipConstraint() {
    ForcedUpgrade pip = tool(of("pkg:pypi/Django_Allauth@0.50.0", "0.54.0", null), "pip");

    assertThat(pip.file()).isEqualTo("constraints.txt");
    assertThat(pip.text())
        .isEqualTo(
            "# pip install -c constraints.txt -r requirements.txt\ndjango-allauth>=0.54.0\n");
    // PEP 508: a name, then a version specifier with a PEP 440 version
    Matcher m =
        Pattern.compile("(?m)^([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)>=(\\S+)$")
            .matcher(pip.text());
    assertThat(m.find()).isTrue();
    assertThat(VersionSchemes.forEcosystem("PyPI").orElseThrow().parse(m.group(3)).note())
        .as("a PEP 440 version, not a legacy one")
        .isNull();
  }

  @Test
  void shouldGoGetTheModuleAtTheFixedVersion() {
    ForcedUpgrade go = tool(of("pkg:golang/github.com/jackc/pgx/v5@v5.5.3", "5.5.4", null), "go");

    assertThat(go.isCommand()).isTrue();
    assertThat(go.text()).isEqualTo("go get github.com/jackc/pgx/v5@v5.5.4");
    // `go get module@version`: the version a canonical semantic version with its "v"
    assertThat(go.text())
        .matches(
            "go get [a-z0-9.\\-]+(/[A-Za-z0-9._~\\-]+)*@v\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
    assertThat(tool(of("pkg:golang/stdlib@1.21.0", "1.21.5", null), "go").text())
        .isEqualTo("go get toolchain@go1.21.5");
  }

  @Test
  void shouldCargoUpdateThePackageToThePreciseVersion() {
    ForcedUpgrade cargo = tool(of("pkg:cargo/regex@1.5.4", "1.5.5", null), "cargo");

    assertThat(cargo.text()).isEqualTo("cargo update -p regex --precise 1.5.5");
    // `cargo update -p SPEC --precise PRECISE`: PRECISE a semantic version
    assertThat(cargo.text())
        .matches("cargo update -p [A-Za-z0-9_-]+ --precise \\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void shouldComposerRequireThePackageFromTheFixedVersion() {
    ForcedUpgrade composer =
        tool(of("pkg:composer/guzzlehttp/psr7@1.8.3", "1.8.4", null), "composer");

    assertThat(composer.text()).isEqualTo("composer require \"guzzlehttp/psr7:^1.8.4\"");
    // `composer require vendor/package:constraint`; the name as composer.json's schema allows it
    assertThat(composer.text())
        .matches(
            "composer require \"[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*"
                + ":\\^\\d+(\\.\\d+)*\"");
  }

  @Test
  void shouldReferenceTheFixedVersionDirectlyInTheNuGetProject() throws Exception {
    ForcedUpgrade nuget = tool(of("pkg:nuget/Newtonsoft.Json@12.0.3", "13.0.1", null), "nuget");

    assertThat(nuget.text())
        .isEqualTo(
            """
            <ItemGroup>
              <PackageReference Include="Newtonsoft.Json" Version="13.0.1" />
            </ItemGroup>
            """);
    Element reference =
        (Element) xml(nuget.text()).getElementsByTagName("PackageReference").item(0);
    assertThat(reference.getAttribute("Include")).isEqualTo("Newtonsoft.Json");
    assertThat(
            VersionSchemes.forEcosystem("NuGet")
                .orElseThrow()
                .parse(reference.getAttribute("Version"))
                .isValid())
        .isTrue();
  }

  @Test
  void shouldRequireAtLeastTheFixedVersionInTheGemfile() {
    ForcedUpgrade gem = tool(of("pkg:gem/nokogiri@1.13.9", "1.13.10", null), "bundler");

    assertThat(gem.file()).isEqualTo("Gemfile");
    assertThat(gem.text()).isEqualTo("gem \"nokogiri\", \">= 1.13.10\"\n");
    // the Gemfile DSL: gem "name", "requirement"
    assertThat(gem.text()).matches("gem \"[A-Za-z0-9_.-]+\", \">= [0-9][0-9A-Za-z.]*\"\n");
  }

  @Test
  void shouldEscapeWhatEachSyntaxCannotTakeAsIs() throws Exception {
    // no real package is named like this, but a snippet must stay well-formed whatever the data
    ForcedUpgrade npm = tool(of("pkg:npm/a%22b@1", "1.0.1", null), "npm");
    assertThat(JSON.readTree(npm.text()).path("overrides").path("a\"b").asText())
        .isEqualTo("1.0.1");
    ForcedUpgrade gradle = tool(of("pkg:maven/g/a@1", "2", "costs $5 \"now\""), "gradle");
    assertThat(gradle.text()).contains("because(\"costs \\$5 \\\"now\\\"\")");
  }

  @Test
  void shouldHaveNoSnippetForDistributionPackages() {
    assertThat(of("pkg:deb/debian/openssl@3.0.9-1?distro=bookworm", "3.0.11-1", null)).isEmpty();
  }
}
