from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from config.api import api
from kmb.appointments import urls as appointment_urls
from kmb.core import views as core_views
from kmb.portal import views as portal_views

admin.site.site_header = _("KMB administration")
admin.site.login = RedirectView.as_view(pattern_name="accounts:login", query_string=True)

urlpatterns = [
    path("", include("kmb.portal.urls")),
    path("", portal_views.landing, name="home"),  # the public portal's landing page
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("kmb.accounts.urls")),
    path("staff/", include("kmb.cases.urls")),
    path("staff/stats/", include("kmb.stats.urls")),
    path("", include("kmb.stats.public_urls")),
    path("staff/municipalities/options/", core_views.municipality_options,
         name="municipality_options"),
    path("", include("kmb.benefits.urls")),
    path("", include("kmb.network.urls")),
    path("", include("kmb.housing.urls")),
    path("", include("kmb.privacy.urls")),
    path("", include("kmb.register.urls")),
    path("", include("kmb.lettings.urls")),
    path("", include("kmb.appointments.urls")),
    path("", include(appointment_urls.public_urlpatterns)),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "kmb.core.errors.not_found"
handler500 = "kmb.core.errors.server_error"
handler403 = "kmb.core.errors.forbidden"
