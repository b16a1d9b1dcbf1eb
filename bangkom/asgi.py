"""ASGI entry point; Bangkom is synchronous, WSGI (gunicorn) is the recommended server."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkom.settings")
application = get_asgi_application()
