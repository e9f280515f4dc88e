from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "kmb.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from kmb.stats import rollup  # noqa: F401  (connects the event receiver)
