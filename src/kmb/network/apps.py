from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "kmb.network"
    label = "network"
    verbose_name = _("Partner network")

    def ready(self) -> None:
        from kmb.network import timeline

        timeline.register()
