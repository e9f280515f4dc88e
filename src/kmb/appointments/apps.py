from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "kmb.appointments"
    label = "appointments"
    verbose_name = _("Appointments and reminders")

    def ready(self) -> None:
        from kmb.appointments import timeline

        timeline.register()
