from kmb.stats.models import ScopeKind, StatsScope


def stats_objects(contact_point) -> dict:
    """A public statistics scope of the office, for the tests that walk every URL."""
    scope = StatsScope.objects.create(name="Rozsah pro testy", kind=ScopeKind.OFFICE,
                                      public=True)
    scope.contact_points.add(contact_point)
    return {"dataset_id": scope.uuid, "table": "figures"}
