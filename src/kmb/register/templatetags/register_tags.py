"""The client's register procedures, shown on the client's page."""

from __future__ import annotations

from django import template

from kmb.register.selectors import procedures_for_client

register = template.Library()


@register.inclusion_tag("register/_client_procedures.html", takes_context=True)
def register_procedures(context, client):
    perms = context.get("perms_kmb") or frozenset()
    visible = "register.view" in perms
    return {"client": client, "visible": visible,
            "can_prepare": "register.prepare" in perms,
            "procedures": list(procedures_for_client(client=client)) if visible else []}
