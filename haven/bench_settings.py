"""Settings for `make bench` only: Haven's own settings, plus the floor view (/bench/floor/) and a
query-count header. Never deploy with these."""

from haven.settings import *  # noqa: F403 (the benchmark is Haven as configured, plus two things)
from haven.settings import MIDDLEWARE

DEBUG = False
ROOT_URLCONF = "haven.bench_urls"
MIDDLEWARE = ["haven.system.bench.QueryCountMiddleware", *MIDDLEWARE]
