from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and volume data, written through the other apps' services (the top floor)."""

    name = "kmb.demo"
    label = "demo"
    verbose_name = "Demo data"
