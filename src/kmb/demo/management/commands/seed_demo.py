"""Load demo data: the contact points of the existing network, their staff and cases."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kmb.accounts.models import ContactPoint, Membership, ServiceArea, User
from kmb.audit.models import AuditEntry
from kmb.cases.models import Client, Consent, Consultation, HouseholdMember, Task, TaskStatus
from kmb.core.models import DatedParameter, DomainEvent, Municipality
from kmb.demo.seed import (
    DEFAULT_CLIENTS,
    DEMO_CONTACT_POINT_NAMES,
    DEMO_USERNAMES,
    MARKER_KEY,
    DemoSeeder,
    staff_specs,
)


class Command(BaseCommand):
    help = (
        "Load realistic demo data (contact points, staff logins, synthetic clients and "
        "consultations of the last 18 months). Runs only on an empty database or one it "
        "has filled itself; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--clients", type=int, default=DEFAULT_CLIENTS,
            help=f"Number of synthetic clients (default {DEFAULT_CLIENTS}); consultations, "
                 "tasks and the rest scale with it.")

    def handle(self, *args, clients: int, **options):
        if not 1 <= clients <= 10_000:
            raise CommandError("--clients must be between 1 and 10000.")
        verbosity = options.get("verbosity", 1)
        foreign = self._foreign_data()
        marker = DatedParameter.objects.filter(key=MARKER_KEY).order_by("valid_from").first()
        if marker is not None:
            day = marker.valid_from
            self.stdout.write(f"Demo data are already loaded (on {day.day}. {day.month}. "
                              f"{day.year}); nothing changed.")
            if foreign:
                self.stdout.write(f"The database also holds data added since: {foreign}.")
            self._seed_other_parts()
            if verbosity:
                self._print_logins()
            return
        if foreign:
            raise CommandError(
                f"This database holds data that are not demo data ({foreign}). seed_demo "
                "loads demo data only into an empty database. Use a fresh database, e.g. "
                "DATABASE_URL=sqlite:////tmp/kmb-demo.sqlite3 and `manage.py migrate`.")
        if not Municipality.objects.exists():
            call_command("load_municipalities", stdout=self.stdout, verbosity=verbosity)

        started = time.monotonic()
        seeder = DemoSeeder(clients=clients, password=settings.KMB_DEMO_PASSWORD,
                            log=self._log(verbosity))
        try:
            with transaction.atomic():
                seeder.run()
        except LookupError as exc:
            raise CommandError(f"Reference data are missing: {exc}") from None
        self._seed_other_parts()
        elapsed = time.monotonic() - started
        if verbosity:
            self._print_summary(elapsed, seeder.stats["duplicates"])
            self._print_logins()

    def _seed_other_parts(self) -> None:
        """Demo data of the other parts (the partner network), each idempotent."""
        from kmb.network.demo import seed_network_demo
        from kmb.register.demo import seed_register_demo

        seed_network_demo(stdout=self.stdout)
        from kmb.housing.demo import seed_housing_demo

        seed_housing_demo(stdout=self.stdout)
        # before the register: registering its applicants creates clients of KMB Praha 7,
        # which the register's demo then finds on the first run already
        from kmb.lettings.demo import seed_lettings_demo

        seed_lettings_demo(stdout=self.stdout)
        seed_register_demo(stdout=self.stdout)
        from kmb.appointments.demo import seed_appointments_demo

        seed_appointments_demo(stdout=self.stdout)
        from kmb.stats.demo import seed_stats_demo  # last: its roll-ups count every event

        seed_stats_demo(stdout=self.stdout)

    def _log(self, verbosity: int):
        def log(message: str) -> None:
            if verbosity >= 2:
                self.stdout.write(message)
        return log

    @staticmethod
    def _foreign_data() -> str:
        """What in the database is not demo data, as a short description ("" if nothing)."""
        found = []
        users = list(User.objects.exclude(username__in=DEMO_USERNAMES)
                     .order_by("username").values_list("username", flat=True)[:4])
        if users:
            found.append("users " + ", ".join(users))
        points = list(ContactPoint.objects.exclude(name__in=DEMO_CONTACT_POINT_NAMES)
                      .order_by("name").values_list("name", flat=True)[:4])
        if points:
            found.append("contact points " + ", ".join(points))
        foreign_clients = Client.objects.exclude(
            contact_point__name__in=DEMO_CONTACT_POINT_NAMES).count()
        if foreign_clients:
            found.append(f"{foreign_clients} clients at other contact points")
        if not DatedParameter.objects.filter(key=MARKER_KEY).exists():
            # without the marker no case data can be ours
            cases = Client.objects.count() - foreign_clients
            if cases or Consultation.objects.exists():
                found.append(f"{cases} clients and "
                             f"{Consultation.objects.count()} consultations")
        return "; ".join(found)

    def _print_summary(self, elapsed: float, duplicates: int) -> None:
        today = timezone.localdate()
        tasks_open = Task.objects.filter(status=TaskStatus.OPEN)
        n = {
            "points": ContactPoint.objects.count(),
            "areas": ServiceArea.objects.count(),
            "users": User.objects.count(),
            "clients": Client.objects.count(),
            "anonymous": Client.objects.filter(first_name="", last_name="").count(),
            "members": HouseholdMember.objects.count(),
            "consents": Consent.objects.count(),
            "consultations": Consultation.objects.count(),
            "anonymous_consultations": Consultation.objects.filter(client__isnull=True).count(),
            "tasks": Task.objects.count(),
            "open": tasks_open.count(),
            "overdue": tasks_open.filter(due_date__lt=today).count(),
            "soon": tasks_open.filter(due_date__gte=today,
                                      due_date__lte=today + timedelta(days=14)).count(),
            "done": Task.objects.filter(status=TaskStatus.DONE).count(),
            "urgent": Client.objects.filter(
                housing_loss_date__gte=today,
                housing_loss_date__lte=today + timedelta(days=30)).count(),
            "audit": AuditEntry.objects.count(),
            "events": DomainEvent.objects.count(),
        }
        self.stdout.write("\n".join([
            f"Demo data loaded in {elapsed:.1f} s:",
            "  {points} contact points serving {areas} areas; {users} staff users".format(**n),
            "  {clients} clients ({anonymous} anonymous, {dup} likely duplicates to merge), "
            "{members} household members, {consents} consents".format(dup=duplicates, **n),
            "  {consultations} consultations ({anonymous_consultations} anonymous)".format(**n),
            "  {tasks} tasks: {open} open ({overdue} overdue, {soon} due within 14 days), "
            "{done} done".format(**n),
            "  {urgent} clients lose their housing within 30 days".format(**n),
            "  {audit} audit entries, {events} domain events".format(**n),
        ]))

    def _print_logins(self) -> None:
        memberships = {
            (m.user.username, m.role): m.contact_point.name if m.contact_point else "—"
            for m in Membership.objects.filter(user__username__in=DEMO_USERNAMES)
            .select_related("user", "contact_point")
        }
        rows = [(s.username, s.role, memberships[(s.username, s.role)])
                for s in staff_specs() if (s.username, s.role) in memberships]
        width = max(len(r[0]) for r in rows) + 2 if rows else 10
        self.stdout.write(f"\nDemo logins (password: {settings.KMB_DEMO_PASSWORD}):")
        self.stdout.write(f"  {'username':<{width}}{'role':<17}contact point")
        for username, role, point in rows:
            self.stdout.write(f"  {username:<{width}}{role:<17}{point}")
