from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "kmb.housing"
    label = "housing"
    verbose_name = _("Housing supply")

    def ready(self) -> None:
        from kmb.housing import timeline

        timeline.register()
