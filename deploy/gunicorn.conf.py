"""gunicorn's settings for newsreader, read by deploy/entrypoint.sh (SECURITY.md, “Deployment”).

Only the environment variables .env.example documents are read, with newsreader's own readers.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsreader.env import env_bool, env_int, env_str  # noqa: E402

bind = f"0.0.0.0:{env_int('PORT', 8000)}"
# Threads, so a slow page fetch never holds up the site; the timeout is well above a fetch's.
worker_class = "gthread"
workers = 2
threads = 8
timeout = 60
graceful_timeout = 20
accesslog = "-"
loglevel = env_str("LOG_LEVEL", "INFO").lower()

# The request line holds a search: the largest gunicorn allows, so that a search box full of
# four-byte characters (MAX_QUERY_LENGTH of them, %-encoded) still reaches newsreader.
limit_request_line = 8190

# gunicorn would believe X-Forwarded-Proto from 127.0.0.1 by default, and tell Django the request
# came over HTTPS. Like Django's SECURE_PROXY_SSL_HEADER, it is believed only when asked to.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    forwarded_allow_ips = "*"  # the proxy in front; only it can reach this port
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
