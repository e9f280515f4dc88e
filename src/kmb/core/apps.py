from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kmb.core"
    label = "core"
    verbose_name = _("Reference data")

    def ready(self) -> None:
        from kmb.core import mail  # noqa: F401  (registers what to do when a delivery is lost)
