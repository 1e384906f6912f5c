package io.vigil.console.web;

import io.vigil.console.auth.Sessions;
import io.vigil.console.view.Views.LoginPage;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The login form (an API key in, a session cookie out) and logout. */
final class AuthRoutes {
  private static final Logger log = LoggerFactory.getLogger(AuthRoutes.class);

  private final Sessions sessions;
  private final Guard guard;
  private final boolean secureCookies;

  AuthRoutes(Sessions sessions, Guard guard, boolean secureCookies) {
    this.sessions = sessions;
    this.guard = guard;
    this.secureCookies = secureCookies;
  }

  void register(HttpService.Builder b) {
    b.route("GET", "/login", this::form);
    b.route("POST", "/login", this::login);
    b.route("POST", "/logout", guard.post((r, s, form) -> logout()));
  }

  private HttpResponse form(HttpRequest r) {
    if (!sessions.loginRequired()) {
      return Web.redirect("/live");
    }
    return loginPage(200, null, Web.localPath(r.query("next")));
  }

  private HttpResponse loginPage(int status, String error, String next) {
    String[] token = sessions.loginToken();
    return Web.page(
            status,
            "login.jte",
            new LoginPage(guard.layout("Log in", "login", null), token[1], error, next))
        .withHeader(
            "Set-Cookie",
            Web.cookie(Sessions.LOGIN_COOKIE, token[0], Duration.ofMinutes(30), secureCookies));
  }

  private HttpResponse login(HttpRequest r) throws Exception {
    Map<String, String> form = Web.form(r);
    String next = Web.localPath(form.get("next"));
    if (!sessions.loginTokenMatches(Web.cookie(r, Sessions.LOGIN_COOKIE), form.get("csrf"))) {
      return guard.refused(
          null,
          403,
          "Request refused",
          "The login form's CSRF token is missing or wrong (an old form, or a request from"
              + " another site). Open the login form again.");
    }
    Optional<String> cookie = sessions.login(form.get("apiKey"));
    if (cookie.isEmpty()) {
      log.info("console login refused: not one of the API keys");
      return loginPage(401, "That is not one of this service's API keys.", next);
    }
    sessions.session(cookie.get()).ifPresent(s -> log.info("console login: key '{}'", s.keyName()));
    return Web.redirect(next)
        .withHeader(
            "Set-Cookie",
            Web.cookie(Sessions.SESSION_COOKIE, cookie.get(), sessions.ttl(), secureCookies));
  }

  private HttpResponse logout() {
    return Web.redirect("/login")
        .withHeader(
            "Set-Cookie", Web.cookie(Sessions.SESSION_COOKIE, "", Duration.ZERO, secureCookies));
  }
}
