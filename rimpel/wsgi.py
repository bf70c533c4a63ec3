import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rimpel.settings")
application = get_wsgi_application()

# A production server refuses to start with a missing or weak secret key or no allowed hosts.
from core.startup import validate  # noqa: E402

validate()
