# newsreader: the web process and the worker share this image; deploy/entrypoint.sh starts either
# (docker-compose.yml says which). The code runs from /app as it is copied, installed nowhere else.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 1000 newsreader
WORKDIR /app

# Dependencies first, read from pyproject.toml alone, so a code change does not reinstall them.
# The s3 extra too: an image user turns on S3 storage by setting S3_BUCKET, not by rebuilding.
COPY pyproject.toml ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['s3']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# .dockerignore keeps .env, .venv, .pgdata and .git out. The files stay root's: the processes,
# which run as newsreader, cannot change the code or the static files.
COPY . .
RUN DEBUG=false SECRET_KEY=build-only DATABASE_URL=postgresql://build@localhost/build \
    python manage.py collectstatic --no-input

# Imports and exports live here (a volume in docker-compose) unless S3_BUCKET is set.
RUN mkdir -p /app/files && chown newsreader /app/files
USER newsreader
EXPOSE 8000
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["web"]
