# newsreader: the web process and the worker share this image.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 1000 newsreader
WORKDIR /app

# Dependencies first, from pyproject.toml alone, so code changes don't reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir newsreader articles && touch newsreader/__init__.py articles/__init__.py \
    && pip install . && pip uninstall -y newsreader

COPY . .
RUN pip install --no-deps . \
    && DEBUG=false SECRET_KEY=build-only DATABASE_URL=postgresql://build@localhost/build \
       python manage.py collectstatic --no-input

# Imports and exports live here (a volume in docker-compose) unless S3_BUCKET is set.
RUN mkdir -p /app/files && chown newsreader /app/files
USER newsreader
EXPOSE 8000
# Migrate on start, then serve with threads so a slow page fetch never blocks the site.
CMD ["sh", "-c", "python manage.py migrate --no-input && python manage.py create_first_admin && exec gunicorn newsreader.wsgi --bind 0.0.0.0:8000 --worker-class gthread --workers 2 --threads 8 --timeout 60 --access-logfile -"]
