"""WSGI entry point, used by production servers (and runserver): each request runs in its turn
(throttle/turns.py)."""

import os

from django.core.wsgi import get_wsgi_application

from throttle.turns import TakingTurns

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tgdb.settings")

application = TakingTurns(get_wsgi_application())
