"""Mount each app's URLs."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from callidarity.core.views import healthz

admin.site.site_header = format_lazy(_("{name} back office"), name=settings.ORGANIZATION_NAME)
admin.site.site_title = admin.site.site_header
admin.site.index_title = _("Organizers")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "favicon.svg")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The treasurer's exports sit beside the admin, behind its login (see reports/urls.py).
    path("admin/reports/", include("callidarity.reports.urls")),
    path("admin/2fa/", include("callidarity.accounts.urls")),
    path("admin/support/", include("callidarity.backoffice.urls")),
    path("admin/", admin.site.urls),
    path("", include("callidarity.donations.urls")),
    path("", include("callidarity.campaigns.urls")),
    path("", include("callidarity.aid.urls")),
    path("", include("callidarity.advocacy.urls")),
    path("", include("callidarity.legislation.urls")),
    path("", include("callidarity.events.urls")),
    path("", include("callidarity.library.urls")),
    path("", include("callidarity.cases.urls")),
    path("", include("callidarity.volunteers.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
