import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsreader.settings")
application = get_asgi_application()

from newsreader.warm import load_views  # noqa: E402  (needs the apps loaded just above)

load_views()
