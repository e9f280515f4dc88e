from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, router
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "kmb.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        post_migrate.connect(load_shipped_texts, sender=self,
                             dispatch_uid="kmb.portal.load_shipped_texts")


def load_shipped_texts(sender, *, using: str = DEFAULT_DB_ALIAS, apps=None, **kwargs) -> None:
    """After every migrate (and every flush), the shipped texts reach the database.

    So ``make run``, a deployment's ``manage.py migrate`` and the test database all hold the
    current content files without a separate step. Skipped when the portal's tables are
    not (or no longer) at the state this code expects, e.g. after migrating backwards.
    """
    from kmb.portal.models import ContentBlock
    from kmb.portal.services import LOADED_FIELDS, content_load_shipped

    if apps is not None:
        try:
            state = apps.get_model("portal", "ContentBlock")
        except LookupError:
            return
        if not {"loaded_digest", *LOADED_FIELDS} <= {f.name for f in state._meta.get_fields()}:
            return
    if router.allow_migrate_model(using, ContentBlock):
        content_load_shipped(using=using)
