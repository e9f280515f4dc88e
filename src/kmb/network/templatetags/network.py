"""Template tags the partner network adds to pages of other parts (the dashboard)."""

from __future__ import annotations

from django import template

from kmb.accounts.tenancy import membership_has
from kmb.core.i18n import current_language, translated_with_language
from kmb.core.permissions import Perm
from kmb.network import selectors

register = template.Library()


@register.inclusion_tag("network/_dashboard_attention.html", takes_context=True)
def referrals_needing_attention(context, whole_office: bool = False) -> dict:
    """Expired and declined referrals the adviser (or, for the whole office, anyone) has
    not dealt with yet: one query, whatever their number."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None or not membership_has(membership, Perm.REFERRAL_MANAGE):
        return {"show": False}
    referrals = selectors.referrals_needing_attention(
        contact_point=membership.contact_point,
        created_by=None if whole_office else request.user)
    return {"show": True, "referrals": referrals, "whole_office": whole_office}


@register.simple_tag
def localized(obj, field: str) -> dict:
    """A translatable text in the active language, with the Czech original as fallback;
    ``lang`` is set when the fallback is shown on a page in another language."""
    text, lang = translated_with_language(obj, field)
    fallback = text and lang != current_language()
    return {"text": text, "lang": lang if fallback else ""}


@register.inclusion_tag("network/_datalist.html")
def municipality_datalist() -> dict:
    """Municipalities where the directory has a place or a served area, for the search
    field's suggestions (works without JavaScript)."""
    return {"municipalities": selectors.directory_municipalities(),
            "city_districts": selectors.directory_city_districts()}
