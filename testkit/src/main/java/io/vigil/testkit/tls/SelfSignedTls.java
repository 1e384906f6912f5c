package io.vigil.testkit.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away HTTPS identity for tests, made by the JDK's own {@code keytool} (no extra library):
 * a PKCS12 key store with a self-signed certificate for {@code 127.0.0.1} and {@code localhost},
 * and a trust store holding that certificate. Generated per test run; nothing is committed.
 */
public final class SelfSignedTls {
  private final Path keyStore;
  private final Path trustStore;
  private final String password;

  private SelfSignedTls(Path keyStore, Path trustStore, String password) {
    this.keyStore = keyStore;
    this.trustStore = trustStore;
    this.password = password;
  }

  /** Generates the key store and trust store in {@code dir}. */
  public static SelfSignedTls create(Path dir, String password) throws IOException {
    Files.createDirectories(dir);
    Path ks = dir.resolve("http.p12");
    Path cert = dir.resolve("http.crt");
    Path ts = dir.resolve("http-trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "vigil-http",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        ks.toString(),
        "-storepass",
        password,
        "-keypass",
        password);
    keytool(
        "-exportcert",
        "-alias",
        "vigil-http",
        "-rfc",
        "-keystore",
        ks.toString(),
        "-storepass",
        password,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "vigil-http",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        ts.toString(),
        "-storepass",
        password);
    return new SelfSignedTls(ks, ts, password);
  }

  public Path keyStore() {
    return keyStore;
  }

  public Path trustStore() {
    return trustStore;
  }

  public String password() {
    return password;
  }

  private static void keytool(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool " + args[0] + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }
}
