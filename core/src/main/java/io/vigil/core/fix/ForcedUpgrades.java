package io.vigil.core.fix;

import io.vigil.core.purl.PackageIdentity;
import java.util.List;
import java.util.Locale;

/**
 * The ecosystem's way to force a transitive dependency to a version, generated from the package's
 * identity and the fix: Maven {@code <dependencyManagement>}, Gradle {@code constraints}, npm
 * {@code overrides}, Yarn {@code resolutions}, a pip constraints file, {@code go get
 * module@version}, {@code cargo update -p name --precise version}, {@code composer require}, a
 * NuGet {@code PackageReference} (a direct reference wins over transitive ones), a Bundler {@code
 * gem} line. Each is held to its tool's documented syntax by {@code ForcedUpgradesTest}. Pure.
 *
 * <p>For a direct dependency none of this is needed: change the version the manifest declares.
 */
public final class ForcedUpgrades {
  private ForcedUpgrades() {}

  /**
   * The snippets and commands that force {@code component}'s package to {@code version} in the
   * builds of its ecosystem; empty for ecosystems without such a mechanism (distribution packages:
   * upgrade the image or the host) or names a tool would not accept.
   *
   * @param reason why, for the tools that record one (Gradle's {@code because}); null for none
   */
  public static List<ForcedUpgrade> of(PackageIdentity component, String version, String reason) {
    String name = component.key().name();
    return switch (component.ecosystem().base()) {
      case "Maven" -> maven(name, version, reason);
      case "npm" -> npm(name, version);
      case "PyPI" -> List.of(pip(name, version));
      case "Go" -> List.of(go(name, version));
      case "crates.io" -> List.of(cargo(component.purl().name(), version));
      case "Packagist" -> List.of(composer(name, version));
      case "NuGet" -> List.of(nuget(component.purl().name(), version));
      case "RubyGems" -> List.of(bundler(component.purl().name(), version));
      default -> List.of();
    };
  }

  private static List<ForcedUpgrade> maven(String name, String version, String reason) {
    int colon = name.indexOf(':');
    if (colon <= 0 || colon == name.length() - 1) {
      return List.of();
    }
    String group = name.substring(0, colon);
    String artifact = name.substring(colon + 1);
    String pom =
        "<dependencyManagement>\n"
            + "  <dependencies>\n"
            + "    <dependency>\n"
            + "      <groupId>"
            + xml(group)
            + "</groupId>\n"
            + "      <artifactId>"
            + xml(artifact)
            + "</artifactId>\n"
            + "      <version>"
            + xml(version)
            + "</version>\n"
            + "    </dependency>\n"
            + "  </dependencies>\n"
            + "</dependencyManagement>\n";
    String gradle =
        "dependencies {\n"
            + "    constraints {\n"
            + "        implementation(\""
            + kotlin(group + ":" + artifact + ":" + version)
            + "\")"
            + (reason == null
                ? "\n"
                : " {\n            because(\"" + kotlin(reason) + "\")\n        }\n")
            + "    }\n"
            + "}\n";
    return List.of(
        new ForcedUpgrade(
            "maven",
            "pom.xml",
            pom,
            "https://maven.apache.org/guides/introduction/introduction-to-dependency-mechanism.html#dependency-management"),
        new ForcedUpgrade(
            "gradle",
            "build.gradle.kts",
            gradle,
            "https://docs.gradle.org/current/userguide/dependency_constraints.html"));
  }

  private static List<ForcedUpgrade> npm(String name, String version) {
    String entry =
        "{\n  \"%s\": {\n    \"" + json(name) + "\": \"" + json(version) + "\"\n  }\n}\n";
    return List.of(
        new ForcedUpgrade(
            "npm",
            "package.json",
            entry.formatted("overrides"),
            "https://docs.npmjs.com/cli/v10/configuring-npm/package-json#overrides"),
        new ForcedUpgrade(
            "yarn",
            "package.json",
            entry.formatted("resolutions"),
            "https://classic.yarnpkg.com/lang/en/docs/selective-version-resolutions/"));
  }

  private static ForcedUpgrade pip(String name, String version) {
    return new ForcedUpgrade(
        "pip",
        "constraints.txt",
        "# pip install -c constraints.txt -r requirements.txt\n" + name + ">=" + version + "\n",
        "https://pip.pypa.io/en/stable/user_guide/#constraints-files");
  }

  private static ForcedUpgrade go(String module, String version) {
    String v = version.startsWith("v") ? version : "v" + version;
    if (module.equals("stdlib") || module.equals("toolchain")) {
      // the standard library and the toolchain come with Go itself: build with a fixed Go
      return new ForcedUpgrade(
          "go",
          null,
          "go get toolchain@go" + (version.startsWith("v") ? version.substring(1) : version),
          "https://go.dev/doc/toolchain#get");
    }
    return new ForcedUpgrade(
        "go", null, "go get " + module + "@" + v, "https://go.dev/ref/mod#go-get");
  }

  private static ForcedUpgrade cargo(String crate, String version) {
    return new ForcedUpgrade(
        "cargo",
        null,
        "cargo update -p " + crate + " --precise " + version,
        "https://doc.rust-lang.org/cargo/commands/cargo-update.html");
  }

  private static ForcedUpgrade composer(String name, String version) {
    return new ForcedUpgrade(
        "composer",
        null,
        "composer require \"" + name.toLowerCase(Locale.ROOT) + ":^" + version + "\"",
        "https://getcomposer.org/doc/03-cli.md#require-r");
  }

  private static ForcedUpgrade nuget(String id, String version) {
    return new ForcedUpgrade(
        "nuget",
        "*.csproj",
        "<ItemGroup>\n  <PackageReference Include=\""
            + xml(id)
            + "\" Version=\""
            + xml(version)
            + "\" />\n</ItemGroup>\n",
        "https://learn.microsoft.com/en-us/nuget/concepts/dependency-resolution#direct-dependency-wins");
  }

  private static ForcedUpgrade bundler(String gem, String version) {
    return new ForcedUpgrade(
        "bundler",
        "Gemfile",
        "gem \"" + ruby(gem) + "\", \">= " + ruby(version) + "\"\n",
        "https://bundler.io/guides/gemfile.html");
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String kotlin(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$");
  }

  private static String ruby(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("#", "\\#");
  }
}
