from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "kmb.network"
    label = "network"
    verbose_name = _("Partner network")

    def ready(self) -> None:
        from kmb.core.scopes import scope_register
        from kmb.network import services, timeline

        timeline.register()
        scope_register(services.REFERRAL_SCOPE, services.referral_scope_text)
