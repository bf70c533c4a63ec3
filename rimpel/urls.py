from django.apps import apps
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from core import devmail
from core.health import health


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # static() per request: at import the collected files' manifest may not exist yet (check runs before collectstatic).
    return HttpResponsePermanentRedirect(static("rimpel/favicon.svg"))


urlpatterns = [
    # For load balancers and monitoring: no language prefix, no redirect, no rate limit.
    path("health", health, name="health"),
    # Feed readers and old browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", favicon, name="favicon"),
    # The Django admin, for support (superusers only, read-mostly; core.admin_site). Not language-prefixed.
    path("beheer/systeem/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The open API is not language-prefixed; texts follow Accept-Language (Dutch by default).
    path("api/", include("api.urls")),
    # Development only (a 404 without DEBUG): the mails written to var/mail/.
    path("dev/mail/", devmail.mail_list, name="dev_mail"),
    path("dev/mail/<str:name>", devmail.mail_message, name="dev_mail_message"),
]

# Dutch at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", include("home.urls")),
    path("", include("home.urls_privacy")),
    path("", include("network.urls")),
    path("", include("networkmap.urls")),
    path("", include("activities.urls")),
    path("", include("parents.urls")),
    path("", include("projects.urls")),
    path("", include("documents.urls")),
    path("", include("impact.urls")),
    path("", include("programmes.urls")),
    path("", include("stories.urls")),
    path("", include("reports.urls")),
    path("", include("core.urls_tasks")),
    path("", include("search.urls")),
    path("", include("offerings.urls")),
    # The school guide's schools live under /scholen/school/<slug>/, so /scholen/segregatie/ and /scholen/gegevens/
    # cannot be taken for a school whatever the order.
    path("", include("schools.urls")),
    path("", include("schooldata.monitor_urls")),
    path("", include("questions.urls")),
    path("", include("meetings.urls")),
    path("", include("schooldata.urls")),
    path("", include("attendance.urls")),
    path("", include("exchange.urls")),
    path("", include("exchange.urls_network")),
    path("", include("api.urls_tokens")),
    path("", include("notifications.urls")),
    path("account/", include("accounts.urls")),
    path("account/", include("accounts.urls_password")),
    prefix_default_language=False,
)

# A body over the upload limit sent to the public story form brings the form back (rimpel.errors).
handler400 = "rimpel.errors.bad_request"

if apps.is_installed("devtools"):
    # The development tools wire their own pages (the benchmark's baseline); the product never imports them.
    urlpatterns.insert(0, path("", include("devtools.urls")))
