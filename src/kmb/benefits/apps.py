from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "kmb.benefits"
    label = "benefits"
    verbose_name = _("Benefits")

    def ready(self) -> None:
        from kmb.benefits.timeline import register

        register()
