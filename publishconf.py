"""Settings for publishing: pelicanconf.py with absolute URLs.

Only what differs from a development build is set here; every other setting,
the ``BRIEFPRESS_`` ones included, comes from ``pelicanconf.py`` beside this file.
"""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_briefpress_pelicanconf", Path(__file__).with_name("pelicanconf.py")
)
_base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_base)
globals().update({name: value for name, value in vars(_base).items() if name.isupper()})

# The public address of the site root, without a trailing slash; sub-sites add /<locale>.
SITEURL = "https://briefs.example.org"
# Absolute links, so canonical, hreflang and OpenGraph URLs are complete.
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
# rsync destination of `invoke publish`, e.g. "user@host:/var/www/briefs/"; empty: publish refuses.
BRIEFPRESS_PUBLISH_TARGET = ""
