#!/bin/sh
# How newsreader's processes start, in the container (docker-compose.yml) and on a host alike.
#
#   entrypoint.sh web                apply migrations, create the first administrator, check the
#                                    static files, then serve with gunicorn (deploy/gunicorn.conf.py)
#   entrypoint.sh worker             wait until the web process has migrated, then run background work
#   entrypoint.sh healthcheck web    exit 0 if the site answers /healthz
#   entrypoint.sh healthcheck worker exit 0 if the database answers and no task waits too long
#
# Configuration is environment variables only (.env.example lists every one).
set -eu
cd "$(dirname "$0")/.."

web() {
    python manage.py migrate --no-input
    python manage.py create_first_admin
    if [ ! -f staticfiles/staticfiles.json ]; then
        echo "The static files are not collected: run 'python manage.py collectstatic --no-input'" \
             "(the image does when it is built)." >&2
        exit 1
    fi
    exec gunicorn --config deploy/gunicorn.conf.py newsreader.wsgi
}

worker() {
    # The web process applies migrations; a worker started beside it waits for them (2 minutes).
    tries=0
    until python manage.py migrate --check >/dev/null 2>&1; do
        tries=$((tries + 1))
        if [ "$tries" -ge 60 ]; then
            echo "The database is not migrated; start the web process first." >&2
            exit 1
        fi
        sleep 2
    done
    exec python manage.py worker
}

healthcheck() {
    case "${1:-}" in
        web) exec python -c "$web_probe" ;;
        worker) exec python manage.py worker_health ;;
        *) echo "usage: entrypoint.sh healthcheck web|worker" >&2; exit 2 ;;
    esac
}

# Django answers only to ALLOWED_HOSTS, so the probe presents the first of them (".example.org"
# and "*" match example.org and any name).
web_probe='
import os, urllib.request as r
host = os.environ["ALLOWED_HOSTS"].split(",")[0].strip().lstrip("*.") or "localhost"
port = os.environ.get("PORT", "8000")
r.urlopen(r.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host}), timeout=5)
'

case "${1:-}" in
    web) web ;;
    worker) worker ;;
    healthcheck) shift; healthcheck "$@" ;;
    *) echo "usage: entrypoint.sh web|worker|healthcheck web|worker" >&2; exit 2 ;;
esac
