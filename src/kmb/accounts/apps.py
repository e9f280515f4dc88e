from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kmb.accounts"
    label = "accounts"
    verbose_name = _("Contact points and staff")

    def ready(self) -> None:
        from kmb.accounts import signals  # noqa: F401
