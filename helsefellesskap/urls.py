from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import language, views

admin.site.site_header = _("Helsefellesskap – administrasjon")
admin.site.site_title = _("Helsefellesskap")
admin.site.index_title = _("Administrasjon")


def _queue_dashboard_for_superusers_only():
    """django-rq mounts its dashboard inside the admin (model «Dashboard», /admin/django_rq/dashboard/).

    Its views let any staff user see and requeue every partnership's jobs; here they answer 403 to all but
    superusers, and the dashboard is left out of the admin index for everyone else.
    """
    from django.urls import URLPattern
    from django_rq.admin import QueueAdmin
    from django_rq.models import Dashboard

    from bodies.admin_scope import SuperuserOnlyAdmin, superuser_only_view

    class SuperuserQueueAdmin(SuperuserOnlyAdmin, QueueAdmin):
        def changelist_view(self, request, extra_context=None):
            return superuser_only_view(super().changelist_view)(request, extra_context)

        def get_urls(self):
            urls = []
            for pattern in super().get_urls():
                if isinstance(pattern, URLPattern):
                    pattern.callback = superuser_only_view(pattern.callback)
                urls.append(pattern)
            return urls

    if admin.site.is_registered(Dashboard):
        admin.site.unregister(Dashboard)
    admin.site.register(Dashboard, SuperuserQueueAdmin)


def _login_records_for_superusers_only():
    """django-axes lists every login attempt (usernames and addresses of all partnerships) in the admin: those
    pages are for superusers alone, like users and groups."""
    from axes import admin as axes_admin
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from bodies.admin_scope import SuperuserOnlyAdmin

    for model, model_admin in ((AccessAttempt, axes_admin.AccessAttemptAdmin), (AccessLog, axes_admin.AccessLogAdmin),
                               (AccessFailureLog, axes_admin.AccessFailureLogAdmin)):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, type(f"SuperuserOnly{model_admin.__name__}", (SuperuserOnlyAdmin, model_admin), {}))


_queue_dashboard_for_superusers_only()
_login_records_for_superusers_only()

urlpatterns = [
    path("", views.home, name="home"),
    path("helse/", views.health, name="health"),
    path("start/", views.start, name="start"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("sprak/", language.set_language, name="set_language"),
    path("logg-inn/", auth_views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    # The secretariat's work pages, per app.
    path("sekretariat/", views.secretariat_home, name="secretariat_home"),
    path("sekretariat/<slug:slug>/", views.dashboard, name="dashboard"),
    # The body pages show memberships, so they live in members (namespace «bodies» kept for the URL names).
    path("organer/", include("members.body_urls")),
    path("personer/", include("members.urls")),
    path("saker/", include("cases.urls")),
    # Sub-committees and governing documents hang on decisions and cases, so their pages live in cases.
    path("styring/", include("cases.structure_urls")),
    path("moter/", include("meetings.urls")),
    # Members' own pages, public pages and reports.
    path("mine/", include("helsefellesskap.member.urls")),
    path("offentlig/", include("helsefellesskap.public.urls")),
    path("rapporter/", include("helsefellesskap.reports.urls")),
    path("api/oparl/v1/", include("helsefellesskap.oparl.urls")),
    path("arkiv/", include("helsefellesskap.archive.urls")),
    path("admin/", admin.site.urls),
]

# ID-porten (OpenID Connect): only when configured (settings OIDC_ENABLED); see members/auth.py.
from django.conf import settings  # noqa: E402

if getattr(settings, "OIDC_ENABLED", False):
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

# Norwegian error pages in the site's layout (helsefellesskap/views.py; the CSRF page is CSRF_FAILURE_VIEW).
handler400 = "helsefellesskap.views.bad_request"
handler403 = "helsefellesskap.views.permission_denied"
handler404 = "helsefellesskap.views.page_not_found"
handler500 = "helsefellesskap.views.server_error"
