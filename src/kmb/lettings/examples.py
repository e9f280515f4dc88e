"""Example rules a municipality can start from (used by the demo data and the tests).

They follow the kind of published rules Czech cities use for municipal flats: points for
the housing situation, children, ties to the city, time on the register, low income,
health and the current rent burden; owning a home or owing the city excludes.
"""

SOCIAL_CRITERIA = [
    {"code": "housing_situation", "scheme": "choice", "other": 0, "points": {
        "rough_sleeping": 30, "night_shelter": 28, "municipal_emergency": 26,
        "homeless_shelter": 25, "violence_shelter": 30, "homeless_hostel": 24,
        "halfway_house": 18, "refugee_accommodation": 20, "institution_leaving": 22,
        "non_conventional": 24, "family_friends": 16, "commercial_hostel": 20,
        "no_lease": 14, "notice_eviction": 18, "violence_threat": 25, "unaffordable": 10,
        "overcrowded": 12, "unfit": 12}},
    {"code": "children", "scheme": "per_unit", "points": 5, "max": 15},
    {"code": "tie_years", "scheme": "at_least", "bands": [[1, 3], [3, 6], [5, 10]]},
    {"code": "register_months", "scheme": "at_least", "bands": [[6, 2], [12, 5], [24, 8]]},
    {"code": "income_per_person", "scheme": "at_most",
     "bands": [[8000, 12], [12000, 8], [16000, 4]]},
    {"code": "disability", "scheme": "flag", "points": 8},
    {"code": "rent_burden", "scheme": "at_least", "bands": [[30, 4], [40, 8], [50, 12]]},
]

SENIOR_CRITERIA = [
    {"code": "applicant_age", "scheme": "at_least", "bands": [[65, 5], [75, 10], [85, 15]]},
    {"code": "disability", "scheme": "flag", "points": 10},
    {"code": "tie_years", "scheme": "at_least", "bands": [[5, 5], [10, 10]]},
    {"code": "register_months", "scheme": "at_least", "bands": [[12, 5], [24, 10]]},
    {"code": "rent_burden", "scheme": "at_least", "bands": [[40, 6], [50, 10]]},
]

KEY_PROFESSION_CRITERIA = [
    {"code": "key_profession", "scheme": "flag", "points": 20},
    {"code": "children", "scheme": "per_unit", "points": 3, "max": 9},
    {"code": "work_years", "scheme": "at_least", "bands": [[1, 3], [3, 6]]},
    {"code": "register_months", "scheme": "at_least", "bands": [[6, 2], [12, 4]]},
]

STANDARD_EXCLUSIONS = ["owns_home", "debt_to_municipality"]

#: rooms → (persons at least, persons at most)
STANDARD_FIT = {1: (1, 2), 2: (2, 4), 3: (3, 6), 4: (4, 8)}
