from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettingsConfig(AppConfig):
    name = "kmb.lettings"
    label = "lettings"
    verbose_name = _("Municipal flats")

    def ready(self) -> None:
        from kmb.lettings import timeline

        timeline.register()
