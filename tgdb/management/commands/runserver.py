"""`manage.py runserver` (`make run`), whose serving process ends with the reloader above it.

Django's autoreloader runs the server in a child process and starts it again after each code
change. Stopped with SIGTERM (as a service manager or a test harness stops it) or killed, the
reloader ends at once and the child would serve on, holding the port: so the child asks the
kernel to stop it when its parent ends. Its hashing processes then end with it
(throttle/hashing_process.py).
"""

import os

from django.utils import autoreload
from whitenoise.runserver_nostatic.management.commands.runserver import (
    Command as RunserverCommand,  # WhiteNoise's, which serves static files as production does
)

from tgdb.process_lifetime import end_with_parent


class Command(RunserverCommand):
    def run(self, **options) -> None:
        if os.environ.get(autoreload.DJANGO_AUTORELOAD_ENV) == "true":  # the reloader's child
            end_with_parent()
        super().run(**options)
