package io.vigil.console.web;

import io.vigil.console.auth.Session;
import io.vigil.console.auth.Sessions;
import io.vigil.console.view.Views.ErrorPage;
import io.vigil.console.view.Views.Layout;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.http.Role;
import java.util.Map;
import java.util.Optional;

/**
 * Who may see a page and post a form: a page needs a session (else the login form, or 401 for the
 * event stream); a POST needs the session's CSRF token in its {@code csrf} field (else 403); a page
 * needs the role {@code read} and a triage action the role {@code triage} (platform's {@code
 * http.roles}; else 403).
 */
final class Guard {
  /** A page handler that knows the session. */
  @FunctionalInterface
  interface Page {
    HttpResponse handle(HttpRequest r, Session s) throws Exception;
  }

  /** A POST handler: the session and the form, CSRF already checked. */
  @FunctionalInterface
  interface Post {
    HttpResponse handle(HttpRequest r, Session s, Map<String, String> form) throws Exception;
  }

  private final Sessions sessions;

  Guard(Sessions sessions) {
    this.sessions = sessions;
  }

  Optional<Session> session(HttpRequest r) {
    if (!sessions.loginRequired()) {
      return Optional.of(sessions.open());
    }
    return sessions.session(Web.cookie(r, Sessions.SESSION_COOKIE));
  }

  HttpService.Handler page(Page h) {
    return r -> {
      Optional<Session> s = session(r);
      if (s.isEmpty()) {
        return Web.redirect("/login?next=" + io.vigil.console.view.Urls.seg(r.path()));
      }
      if (!s.get().roles().contains(Role.READ)) {
        return refused(
            s.get(),
            403,
            "Not allowed",
            "Your key may not read (it needs the role 'read' under http.roles).");
      }
      return h.handle(r, s.get());
    };
  }

  /** For the event stream: 401 without a session (EventSource cannot follow a login form). */
  HttpService.Handler stream(Page h) {
    return r -> {
      Optional<Session> s = session(r);
      if (s.isEmpty()) {
        return Web.secure(HttpResponse.text(401, "text/plain; charset=utf-8", "log in first"));
      }
      return h.handle(r, s.get());
    };
  }

  HttpService.Handler post(Post h) {
    return r -> {
      Optional<Session> s = session(r);
      Map<String, String> form = Web.form(r);
      if (s.isEmpty()) {
        return refused(null, 403, "Not logged in", "Log in first; nothing was done.");
      }
      if (!Sessions.csrfMatches(s.get().csrfToken(), form.get("csrf"))) {
        return refused(
            s.get(),
            403,
            "Request refused",
            "The form's CSRF token is missing or wrong (an old page, or a request from another"
                + " site); nothing was done. Reload the page and try again.");
      }
      return h.handle(r, s.get(), form);
    };
  }

  HttpResponse refused(Session s, int status, String heading, String message) {
    return Web.page(
        status, "error.jte", new ErrorPage(layout(heading, "", s), status, heading, message));
  }

  Layout layout(String title, String active, Session s) {
    return new Layout(title, active, s, sessions.loginRequired());
  }
}
