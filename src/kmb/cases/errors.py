from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A business rule refused the action; ``message`` is translated and safe to show."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message


class ConflictError(DomainError):
    """Someone else changed the record since it was loaded."""


__all__ = ["ConflictError", "DomainError", "ValidationError"]
