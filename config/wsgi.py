import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

from kmb.core.env import EnvError  # noqa: E402

application = get_wsgi_application()
if settings.KMB_SECRET_KEY_MISSING:
    raise EnvError("KMB_SECRET_KEY must be set (a long random string) unless KMB_DEMO=1")
