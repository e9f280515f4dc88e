from django_tasks import task


@task()
def refresh_rollups() -> int:
    """Compute again the statistics months that new events have touched."""
    from kmb.stats.rollup import refresh_dirty

    return refresh_dirty()
