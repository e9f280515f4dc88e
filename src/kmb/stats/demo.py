"""Demo data of the statistics: inhabitants of all municipalities, analyst scopes
(Prague's four contact points together for ``analytik.praha``, Brno's, all contact points)
and roll-ups computed from the demo's events. A second run changes nothing."""

from __future__ import annotations

from django.core.management import call_command

from kmb.accounts.models import ContactPoint, User
from kmb.stats.models import ScopeKind, StatsScope
from kmb.stats.rollup import rebuild

SCOPES = (
    # name, kind, name prefixes of the contact points, analysts, public
    ("Hlavní město Praha", ScopeKind.CITY, ("KMB Praha", "KMB Magistrát hl. m. Prahy"),
     ("analytik.praha",), True),
    ("Statutární město Brno", ScopeKind.CITY, ("KMB Brno", "KMB Magistrát města Brna"),
     (), True),
    ("Všechna kontaktní místa", ScopeKind.ALL, (), ("analytik.praha",), True),
)


def seed_stats_demo(stdout=None) -> None:
    call_command("load_inhabitants", verbosity=0, stdout=_Null())
    for name, kind, prefixes, analysts, public in SCOPES:
        scope, _created = StatsScope.objects.get_or_create(
            name=name, defaults={"kind": kind, "public": public})
        if prefixes:
            cps = [cp for cp in ContactPoint.objects.all()
                   if any(cp.name.startswith(p) for p in prefixes)]
            scope.contact_points.add(*cps)
        scope.analysts.add(*User.objects.filter(username__in=analysts))
    rebuild()
    if stdout is not None:
        stdout.write("Statistics: scopes for Prague, Brno and all contact points; roll-ups "
                     "computed from the events.")


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
