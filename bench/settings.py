"""The site's settings, with the bench's URLs (bench/urls.py); only the bench's server and its
Django processes run with them."""

from tgdb.settings import *  # noqa: F403 - the production settings, unchanged

ROOT_URLCONF = "bench.urls"
