"""The benchmark: `python -m bench` (or `make bench`) measures the blog, its dashboard and
Django admin side by side under a real gunicorn, driven by wrk. See bench/__main__.py."""
