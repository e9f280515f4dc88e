"""Paging long lists without counting them whole.

An office with 150 000 clients or 750 000 consultations would be counted on every view
of a list just to draw "page 1 of 6 000". :class:`LookaheadPaginator` counts only as far
as a few pages past the one asked for: the pager then says "page 1 of more than 11" and
the count stops at a bounded number of index entries, whatever the size of the office.
Short lists (the usual case) are counted exactly as before.
"""

from __future__ import annotations

import contextlib

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

#: How many pages past the current one are counted.
LOOKAHEAD_PAGES = 10
#: ... for search results, which are read page by page from a search index: every page
#: counted is read from it
SEARCH_LOOKAHEAD_PAGES = 2


def lookahead_window(number, per_page: int, *, lookahead: int = LOOKAHEAD_PAGES) -> int:
    """How many rows from the start of a list :class:`LookaheadPaginator` reads at most
    for page ``number``: a query may stop there (``LIMIT``) and page and pager stay
    the same."""
    try:
        wanted = max(1, int(number))
    except (TypeError, ValueError):
        wanted = 1
    return (wanted + lookahead) * per_page + 1


class LookaheadPaginator(Paginator):
    """A paginator whose ``count`` stops ``lookahead`` pages after the requested page.

    ``more`` is true when the list goes on past what was counted; templates then show
    the count as "more than N". A page beyond the end falls back to the last page, as
    :meth:`Paginator.get_page` does.
    """

    def __init__(self, object_list, per_page, *, lookahead: int = LOOKAHEAD_PAGES, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.lookahead = lookahead
        self.wanted = 1
        self.more = False

    def get_page(self, number) -> Page:
        try:
            self.wanted = max(1, int(number))
        except (TypeError, ValueError):
            self.wanted = 1
        return super().get_page(number)

    def page(self, number) -> Page:
        with contextlib.suppress(TypeError, ValueError):
            self.wanted = max(self.wanted, int(number))
        return super().page(number)

    @cached_property
    def count(self) -> int:
        limit = (self.wanted + self.lookahead) * self.per_page
        if isinstance(self.object_list, list | tuple):
            found = len(self.object_list)
        else:
            # SELECT COUNT(*) FROM (SELECT … LIMIT n + 1): stops after n + 1 index entries
            found = self.object_list[: limit + 1].count()
        self.more = found > limit
        return min(found, limit)
