from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Helsefellesskap – administrasjon")
admin.site.site_title = _("Helsefellesskap")
admin.site.index_title = _("Administrasjon")

urlpatterns = [
    path("", views.home, name="home"),
    path("helse/", views.health, name="health"),
    path("logg-inn/", auth_views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    # The secretariat's work pages, per app.
    path("sekretariat/", views.secretariat_home, name="secretariat_home"),
    path("sekretariat/<slug:slug>/", views.dashboard, name="dashboard"),
    path("organer/", include("bodies.urls")),
    path("personer/", include("members.urls")),
    path("saker/", include("cases.urls")),
    path("moter/", include("meetings.urls")),
    # Members' own pages, public pages and reports.
    path("mine/", include("meetings.member_urls")),
    path("offentlig/", include("meetings.public_urls")),
    path("rapporter/", include("meetings.report_urls")),
    path("admin/", admin.site.urls),
]

# ID-porten (OpenID Connect): only when configured (settings OIDC_ENABLED); see members/auth.py.
from django.conf import settings  # noqa: E402

if getattr(settings, "OIDC_ENABLED", False):
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
