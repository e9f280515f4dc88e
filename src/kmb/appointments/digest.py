"""The daily digest of an adviser: tasks due, housing-loss dates within 7 days,
appointments tomorrow, referrals waiting. People are named by initials only (e-mail
leaves the system); the links lead to the records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from kmb.appointments.ical import _initials
from kmb.appointments.models import Appointment, Status


@dataclass
class Digest:
    day: date
    tasks: list = field(default_factory=list)
    losses: list = field(default_factory=list)
    appointments: list = field(default_factory=list)
    referrals: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.tasks or self.losses or self.appointments or self.referrals)


def digest_for(*, user, day: date) -> Digest:
    from kmb.accounts.models import Membership
    from kmb.cases.models import Client, Task, TaskStatus
    from kmb.network.models import Referral, ReferralStatus

    offices = list(Membership.objects.filter(user=user, active=True,
                                             contact_point__isnull=False)
                   .values_list("contact_point_id", flat=True))
    digest = Digest(day=day)
    tasks = (Task.objects.filter(contact_point__in=offices, status=TaskStatus.OPEN,
                                 due_date__lte=day, client__merged_into__isnull=True)
             .filter(assignee=user).select_related("client").order_by("due_date", "id")[:30])
    digest.tasks = [(t.due_date, _initials(t.client), t.client.uuid) for t in tasks]
    losses = (Client.objects.filter(contact_point__in=offices, key_worker=user,
                                    merged_into__isnull=True, housing_loss_date__gte=day,
                                    housing_loss_date__lte=day + timedelta(days=7))
              .order_by("housing_loss_date", "id")[:30])
    digest.losses = [(c.housing_loss_date, _initials(c), c.uuid) for c in losses]
    start = timezone.make_aware(datetime.combine(day + timedelta(days=1), datetime.min.time()))
    appointments = (Appointment.objects.filter(adviser=user, status=Status.BOOKED,
                                               starts_at__gte=start,
                                               starts_at__lt=start + timedelta(days=1))
                    .select_related("client").order_by("starts_at")[:30])
    digest.appointments = [(timezone.localtime(a.starts_at), a.initials,
                            a.get_mode_display(), a.uuid) for a in appointments]
    referrals = (Referral.objects.filter(contact_point__in=offices, created_by=user,
                                         status=ReferralStatus.PENDING)
                 .select_related("client", "service").order_by("created_at")[:30])
    digest.referrals = [(r.created_at, _initials(r.client), r.service.name, r.uuid)
                        for r in referrals]
    return digest
