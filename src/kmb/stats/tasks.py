from django_tasks import task


@task()
def refresh_rollups() -> int:
    """Compute again the statistics months that new events have touched, then render the
    statistics page of every defined scope for the new figures so that no analyst waits
    for it (see ``kmb.stats.page``)."""
    from kmb.stats.page import refresh

    return refresh()
