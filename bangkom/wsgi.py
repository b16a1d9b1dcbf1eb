"""WSGI entry point (gunicorn bangkom.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkom.settings")
application = get_wsgi_application()
