from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "kmb.benefits"
    label = "benefits"
    verbose_name = _("Benefits")

    def ready(self) -> None:
        from kmb.benefits import tasks  # noqa: F401  (registers what to do when a run is lost)
        from kmb.benefits.timeline import register

        register()
