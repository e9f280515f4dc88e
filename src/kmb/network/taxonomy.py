"""The directory's own taxonomies: partner categories, target groups and capacity.

Their identifiers are derived from fixed names, so that they are the same in every
installation and an HSDS export from one KMB imports into another without duplicates.
The terms are seeded by migration 0002 and editable by an administrator.
"""

from __future__ import annotations

import uuid

KMB_NAMESPACE = uuid.UUID("6b1d2f0e-3c4a-4f5b-9e8d-7a6c5b4a3f21")

CATEGORIES = "categories"
TARGET_GROUPS = "target-groups"
CAPACITY = "capacity"


def taxonomy_id(key: str) -> uuid.UUID:
    return uuid.uuid5(KMB_NAMESPACE, f"taxonomy/{key}")


def term_id(key: str, code: str) -> uuid.UUID:
    return uuid.uuid5(KMB_NAMESPACE, f"taxonomy/{key}/{code}")


CATEGORIES_ID = taxonomy_id(CATEGORIES)
TARGET_GROUPS_ID = taxonomy_id(TARGET_GROUPS)
CAPACITY_ID = taxonomy_id(CAPACITY)

#: Capacity of a service travels in HSDS as an attribute with one of these terms; the
#: attribute's value is the date the capacity was last confirmed.
CAPACITY_CODES = ("taking", "waiting_list", "not_taking")
CAPACITY_TERM_IDS = {term_id(CAPACITY, code): code for code in CAPACITY_CODES}
