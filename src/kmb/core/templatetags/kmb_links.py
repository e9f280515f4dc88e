"""``{{ value|http_url }}``: the address if it is an http(s) link, otherwise "".

Use it for every ``href`` built from stored data: ``{% with link=obj.url|http_url %}``.
"""

from __future__ import annotations

from django import template

from kmb.core.links import http_url as _http_url

register = template.Library()


@register.filter
def http_url(value) -> str:
    return _http_url(value)
