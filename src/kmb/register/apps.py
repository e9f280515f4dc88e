from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "kmb.register"
    label = "register"
    verbose_name = _("Register of persons in need of housing support")

    def ready(self) -> None:
        from kmb.register.timeline import register

        register()
