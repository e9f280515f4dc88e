"""Reads from a PostgreSQL streaming replica, for the pages that may show figures a few
seconds old (statistics, their exports, open data).

Nothing goes to the replica unless a view asks for it: the view wraps the reading of
its figures in :func:`replica_reads`, and within that block :class:`ReplicaRouter` sends
reads to the ``replica`` alias (``DATABASE_REPLICA_URL``). Everything else — logins,
permissions, the scopes a user may see, client records, the background worker — reads
the primary, so nobody sees their own change missing. Writes always go to the primary,
also inside the block (an export's security event, the statistics cache), and a read
inside a transaction on the primary stays on the primary (the replica cannot see what the
transaction has not committed yet).

Without a replica configured, or when it cannot be reached, the block reads the primary.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
# Django's database cache (the statistics cache) is the application's own scratch space:
# what one request stores, the next must find, so it is never read from the replica.
_ALWAYS_PRIMARY = {"django_cache"}

log = logging.getLogger(__name__)

_reading: ContextVar[str | None] = ContextVar("kmb_replica_reading", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_reachable() -> bool:
    """Connects to the replica if not connected yet; False (and a warning) if it fails."""
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as exc:
        log.warning("database replica unreachable, reading the primary: %s", exc)
        return False
    return True


@contextmanager
def replica_reads() -> Iterator[str]:
    """Within the block, reads go to the replica when one is configured and reachable.
    Yields the alias the reads go to. Use it around reads only: a generator that yields
    inside the block would leak the routing into its consumer."""
    use = (replica_configured() and not connections[DEFAULT_DB_ALIAS].in_atomic_block
           and replica_reachable())
    alias = REPLICA if use else DEFAULT_DB_ALIAS
    token = _reading.set(alias if alias == REPLICA else None)
    try:
        yield alias
    finally:
        _reading.reset(token)


def reading_alias() -> str:
    """Where a read in the current context goes (``default`` or ``replica``)."""
    alias = _reading.get()
    if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return alias


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry: see the module's docstring."""

    def db_for_read(self, model, **hints) -> str:
        # Outside a block the primary, also for the relations of an object that was read
        # from the replica (Django would otherwise follow the object's database).
        if model._meta.app_label in _ALWAYS_PRIMARY:
            return DEFAULT_DB_ALIAS
        return reading_alias()

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        ours = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in ours and obj2._state.db in ours:
            return True  # one database: the replica is a copy of the primary
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        # The replica receives the schema from the primary (it is read-only anyway).
        return False if db == REPLICA else None
